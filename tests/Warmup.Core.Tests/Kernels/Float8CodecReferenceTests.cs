using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// The 8-bit codes against quantization_reference.py (NumPy, written from the specification): scales, codes and
/// decoded values bit for bit, for both layouts, at every length 0..256 (every split of SIMD body and scalar tail, one
/// block each), on a tensor of 1,000,003 elements (489 blocks, the last of 579), and on blocks at the ends of float32's
/// range (scales whose reciprocal overflows or is subnormal) or off it (a NaN or an infinity in the block). The inputs
/// (<see cref="QuantizationInputs.Float8Values"/>) draw about one block in eight with a scale below 2^-120, which
/// before the division fallback encoded every nonzero value of the block to the largest code.
/// </summary>
public class Float8CodecReferenceTests
{
    [Fact]
    public void EveryLengthTo256MatchesNumPy()
    {
        var rng = new Random(25);
        var inputs = Enumerable.Range(0, 257).Select(n => QuantizationInputs.Float8Values(rng, n)).ToArray();
        using var answers = NumPyReference.Run(w =>
        {
            foreach (var x in inputs)
            {
                Request(w, signed: true, x);
                Request(w, signed: false, Magnitudes(x));
            }
        });
        foreach (var x in inputs)
        {
            Check<SignedFloat8>(answers, x, $"signed, n = {x.Length}");
            Check<UnsignedFloat8>(answers, Magnitudes(x), $"unsigned, n = {x.Length}");
        }

        answers.AssertAtEnd();
    }

    [Fact]
    public void LargeTensorMatchesNumPy()
    {
        var x = QuantizationInputs.Float8Values(new Random(26), 1_000_003);
        using var answers = NumPyReference.Run(w =>
        {
            Request(w, signed: true, x);
            Request(w, signed: false, Magnitudes(x));
        });
        Check<SignedFloat8>(answers, x, "signed, n = 1,000,003");
        Check<UnsignedFloat8>(answers, Magnitudes(x), "unsigned, n = 1,000,003");
        answers.AssertAtEnd();
    }

    [Fact]
    public void EdgeBlocksMatchNumPy()
    {
        var rng = new Random(27);
        var inputs = new List<float[]>();
        foreach (float scale in Float8CodecEdgeTests.Extremes)
        {
            // Values log-uniform over 40 binades below the scale (many of them subnormal, or 0, for the tiny scales).
            var x = QuantizationInputs.Signed(rng, 300, -40, 0).Select(r => (float)(r * (double)scale)).ToArray();
            x[rng.Next(x.Length)] = -scale;
            inputs.Add(x);
        }

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var x = QuantizationInputs.Signed(rng, 2048 + 45, -10, 10);
            x[rng.Next(2048)] = bad; // the first block non-finite, the second not
            inputs.Add(x);
        }

        using var answers = NumPyReference.Run(w =>
        {
            foreach (var x in inputs)
            {
                Request(w, signed: true, x);
                Request(w, signed: false, Magnitudes(x));
            }
        });
        foreach (var x in inputs)
        {
            string what = $"scale {Float8Codec.AbsMax(x):R}, n = {x.Length}";
            Check<SignedFloat8>(answers, x, $"signed, {what}");
            Check<UnsignedFloat8>(answers, Magnitudes(x), $"unsigned, {what}");
        }

        answers.AssertAtEnd();
    }

    private static void Request(BinaryWriter w, bool signed, float[] x)
    {
        w.Write(NumPyReference.Float8Record);
        w.Write(signed ? 1u : 0u);
        w.Write((uint)x.Length);
        w.Write(x);
    }

    private static void Check<TMap>(BinaryReader answers, float[] x, string what)
        where TMap : struct, IFloat8Map
    {
        int blocks = (int)answers.ReadUInt32();
        var scales = answers.Read<float>(blocks);
        var codes = answers.Read<byte>(x.Length);
        var decoded = answers.Read<float>(x.Length);
        var (actualCodes, actualScales) = Blockwise.Encode<TMap>(x);
        BitAssert.Equal(scales, actualScales, $"{what}: scales");
        BitAssert.Equal(codes, actualCodes, $"{what}: codes");
        BitAssert.Equal(decoded, Blockwise.Decode<TMap>(codes, scales), $"{what}: decoded");
    }

    private static float[] Magnitudes(float[] x) => [.. x.Select(MathF.Abs)];
}
