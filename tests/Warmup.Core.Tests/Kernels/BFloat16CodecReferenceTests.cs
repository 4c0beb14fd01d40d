using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// bfloat16 against quantization_reference.py (NumPy, written from the specification): the rounding key, rounding to
/// nearest (ties to even, by comparing the dropped half with 0x8000 rather than adding to it), stochastic rounding with
/// the counter-hash draws, and decoding, bit for bit, at every length 0..256 (every split of SIMD body and scalar tail)
/// with keys and first indices of every size, on a tensor of 1,000,003 elements, and on the edges of bfloat16 (NaNs of
/// every payload, infinities, the largest values) at every position of a SIMD vector and of the tail.
/// </summary>
public class BFloat16CodecReferenceTests
{
    [Fact]
    public void EveryLengthTo256MatchesNumPy()
    {
        var rng = new Random(51);
        var requests = Enumerable.Range(0, 257).Select(n => Keyed(rng, QuantizationInputs.BFloat16WithEdges(rng, n))).ToArray();
        Check(requests);
    }

    [Fact]
    public void LargeTensorMatchesNumPy()
    {
        var rng = new Random(52);
        Check([Keyed(rng, QuantizationInputs.BFloat16WithEdges(rng, 1_000_003))]);
    }

    /// <summary>Each edge value alone and at every position of a span of 41 ordinary values (the first 32 in SIMD vectors on any width up to 512 bits).</summary>
    [Fact]
    public void EdgesMatchNumPyAtEveryPosition()
    {
        var rng = new Random(53);
        var requests = new List<(ulong Seed, long Step, uint Stream, long First, float[] X)>();
        foreach (uint edge in QuantizationInputs.BFloat16Edges)
        {
            requests.Add(Keyed(rng, [BitConverter.UInt32BitsToSingle(edge)]));
            for (int at = 0; at < 41; at++)
            {
                var x = QuantizationInputs.BFloat16Values(rng, 41);
                x[at] = BitConverter.UInt32BitsToSingle(edge);
                requests.Add(Keyed(rng, x));
            }
        }

        Check([.. requests]);
    }

    private static void Check((ulong Seed, long Step, uint Stream, long First, float[] X)[] requests)
    {
        using var answers = NumPyReference.Run(w =>
        {
            foreach (var r in requests)
            {
                w.Write(NumPyReference.BFloat16Record);
                w.Write(r.Seed);
                w.Write(r.Step);
                w.Write(r.Stream);
                w.Write(r.First);
                w.Write((uint)r.X.Length);
                w.Write(r.X);
            }
        });
        foreach (var r in requests)
        {
            string what = $"n = {r.X.Length}, seed {r.Seed}, step {r.Step}, stream {r.Stream}, first {r.First}";
            uint key = answers.ReadUInt32();
            var nearest = answers.Read<ushort>(r.X.Length);
            var stochastic = answers.Read<ushort>(r.X.Length);
            var decoded = answers.Read<float>(r.X.Length);
            var roundingKey = RoundingKey.Of(r.Seed, r.Step, r.Stream);
            Assert.True(key == roundingKey.Value, $"{what}: key {roundingKey.Value:X8}, NumPy {key:X8}");
            var actual = new ushort[r.X.Length];
            BFloat16Codec.EncodeNearest(r.X, actual);
            BitAssert.Equal(nearest, actual, $"{what}: nearest");
            BFloat16Codec.EncodeStochastic(r.X, actual, roundingKey, r.First);
            BitAssert.Equal(stochastic, actual, $"{what}: stochastic");
            var back = new float[r.X.Length];
            BFloat16Codec.Decode(nearest, back);
            BitAssert.Equal(decoded, back, $"{what}: decoded");
        }

        answers.AssertAtEnd();
    }

    // One record: the values and the key's inputs, with first indices past 2^32 (the draws hash the index mod 2^32).
    private static (ulong Seed, long Step, uint Stream, long First, float[] X) Keyed(Random rng, float[] x) => (
        unchecked((ulong)rng.NextInt64() * (ulong)rng.Next(1, 5)),
        rng.Next(3) == 0 ? rng.NextInt64() : rng.Next(1, 100_000),
        (uint)rng.Next(2),
        rng.Next(4) switch { 0 => 0, 1 => rng.Next(1 << 20) * 2048L, 2 => (1L << 32) - rng.Next(1, 300), _ => rng.NextInt64(1L << 40) },
        x);
}
