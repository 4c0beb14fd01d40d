using System.Numerics;
using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// Properties of the bfloat16 codec that need no reference: every bfloat16 comes back exactly, rounding to nearest
/// picks the nearer neighbour (ties to even, infinity past the largest value), NaN stays NaN, stochastic rounding picks
/// one of the two neighbours and is unbiased on average, and its draws depend on the key and the element's index
/// alone (not on the SIMD width, the split of the tensor, or the run).
/// </summary>
public class BFloat16CodecPropertyTests
{
    private static readonly RoundingKey Key = RoundingKey.Of(0x5EED_0000_0025UL, 1234, 0);

    /// <summary>All 65,536 bfloat16 values: decoded, they encode back to themselves by either rounding, NaNs with the quiet bit set.</summary>
    [Fact]
    public void EveryBFloat16ComesBackExactly()
    {
        var all = Enumerable.Range(0, 1 << 16).Select(h => (ushort)h).ToArray();
        var x = new float[all.Length];
        BFloat16Codec.Decode(all, x);
        var expected = all.Select(h => IsNaN(h) ? (ushort)(h | 0x40) : h).ToArray();
        for (int h = 0; h < all.Length; h++)
        {
            Assert.Equal((uint)all[h] << 16, BitConverter.SingleToUInt32Bits(x[h]));
        }

        var back = new ushort[all.Length];
        BFloat16Codec.EncodeNearest(x, back);
        BitAssert.Equal(expected, back, "nearest");
        BFloat16Codec.EncodeStochastic(x, back, Key, 77);
        BitAssert.Equal(expected, back, "stochastic");
    }

    /// <summary>
    /// Rounding to nearest gives the nearer of the two bfloat16 neighbours of x (the even one on a tie), treating
    /// infinity as 2^128 as IEEE 754 does for overflow: from halfway between the largest bfloat16 and 2^128 up, x
    /// rounds to infinity. Distances in double, exact for float32 and bfloat16 values.
    /// </summary>
    [Fact]
    public void NearestIsTheNearerNeighbourTiesToEven()
    {
        var rng = new Random(61);
        var anyFinite = Enumerable.Range(0, 100_000).Select(_ => BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0x7F800000) | (rng.Next(2) == 0 ? 0x80000000u : 0u)));
        var x = QuantizationInputs.BFloat16Values(rng, 200_000).Concat(anyFinite)
            .Concat(QuantizationInputs.BFloat16Edges.Select(BitConverter.UInt32BitsToSingle).Where(float.IsFinite)).ToArray();
        var h = new ushort[x.Length];
        BFloat16Codec.EncodeNearest(x, h);
        for (int i = 0; i < x.Length; i++)
        {
            ushort low = (ushort)(BitConverter.SingleToUInt32Bits(x[i]) >> 16), high = (ushort)(low + 1);
            double below = Math.Abs(Value(low) - x[i]), above = Math.Abs(Value(high) - x[i]);
            ushort expected = below < above ? low : above < below ? high : (low & 1) == 0 ? low : high;
            Assert.True(h[i] == expected, $"{x[i]:R} (0x{BitConverter.SingleToUInt32Bits(x[i]):X8}) rounds to 0x{h[i]:X4}, not 0x{expected:X4}");
        }
    }

    [Fact]
    public void OverflowRoundsToInfinityAndInfinitiesStay()
    {
        foreach (var (bits, nearest) in new (uint, ushort)[]
        {
            (0x7F7FFFFF, 0x7F80), (0x7F7F8000, 0x7F80), (0x7F7F7FFF, 0x7F7F), (0x7F7F0000, 0x7F7F), (0x7F7E8000, 0x7F7E),
            (0xFF7FFFFF, 0xFF80), (0xFF7F8000, 0xFF80), (0xFF7F7FFF, 0xFF7F), (0x7F800000, 0x7F80), (0xFF800000, 0xFF80),
        })
        {
            foreach (int n in new[] { 1, 40 })
            {
                var x = Enumerable.Repeat(BitConverter.UInt32BitsToSingle(bits), n).ToArray();
                var h = new ushort[n];
                BFloat16Codec.EncodeNearest(x, h);
                Assert.All(h, v => Assert.Equal(nearest, v));
                BFloat16Codec.EncodeStochastic(x, h, Key, 0);
                Assert.All(h, v => Assert.True(v == bits >> 16 || v == (bits >> 16) + 1, $"0x{bits:X8} rounds stochastically to 0x{v:X4}"));
                if ((bits & 0xFFFF) == 0)
                {
                    Assert.All(h, v => Assert.Equal(bits >> 16, v));
                }
            }
        }
    }

    /// <summary>
    /// A NaN stays a NaN, its top half with the quiet bit: NaNs whose payload is only in the dropped half used to carry
    /// into infinity (0x7F800001 to 0x7F80), or to wrap to zero (0x7FFFFFFF to 0x8000, 0xFFFFFFFF to 0x0000).
    /// </summary>
    [Fact]
    public void NaNStaysNaNWhateverItsPayload()
    {
        var rng = new Random(62);
        var nans = new List<uint>();
        foreach (uint sign in new[] { 0u, 0x80000000u })
        {
            foreach (uint top in new uint[] { 0x7F80, 0x7F81, 0x7FBF, 0x7FC0, 0x7FFF })
            {
                foreach (uint low in new uint[] { 0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, (uint)rng.Next(0x10000) })
                {
                    if (top != 0x7F80 || low != 0)
                    {
                        nans.Add(sign | (top << 16) | low);
                    }
                }
            }
        }

        // Each NaN at every position of a span of 37 (SIMD body and tail), among ordinary values.
        foreach (uint nan in nans)
        {
            for (int at = 0; at < 37; at++)
            {
                var x = QuantizationInputs.BFloat16Values(rng, 37);
                x[at] = BitConverter.UInt32BitsToSingle(nan);
                var h = new ushort[x.Length];
                ushort expected = (ushort)((nan >> 16) | 0x40);
                BFloat16Codec.EncodeNearest(x, h);
                Assert.True(h[at] == expected, $"0x{nan:X8} rounds to nearest 0x{h[at]:X4}, not 0x{expected:X4}");
                BFloat16Codec.EncodeStochastic(x, h, Key, at * 1000);
                Assert.True(h[at] == expected, $"0x{nan:X8} rounds stochastically to 0x{h[at]:X4}, not 0x{expected:X4}");
            }
        }
    }

    /// <summary>
    /// For x with dropped half q (0 .. 65,535), stochastic rounding goes up exactly when the draw's low 16 bits are
    /// at least 65,536 - q: with uniform draws, with probability q / 65,536, so the expected result is x. Over N
    /// elements (N distinct indices, one key) the count of ups is binomial: it must be within 5 standard deviations of
    /// N q / 65,536, and the mean of the decoded values within 5 standard deviations of x.
    /// </summary>
    [Fact]
    public void StochasticRoundingIsUnbiased()
    {
        const int n = 1 << 16;
        foreach (uint top in new uint[] { 0x3F80, 0x3F81, 0xBF95, 0x4B7F, 0x0001, 0x8040 })
        {
            foreach (uint q in new uint[] { 1, 6554, 16384, 32768, 49152, 58982, 65535 })
            {
                float x = BitConverter.UInt32BitsToSingle((top << 16) | q);
                var h = new ushort[n];
                BFloat16Codec.EncodeStochastic(Enumerable.Repeat(x, n).ToArray(), h, Key, 4096);
                int ups = h.Count(v => v == top + 1);
                Assert.Equal(n, ups + h.Count(v => v == top));
                double p = q / 65536.0, sd = Math.Sqrt(n * p * (1 - p));
                Assert.True(Math.Abs(ups - (n * p)) <= (5 * sd) + 1, $"0x{top:X4}{q:X4}: {ups} of {n} up, {n * p:F1} expected");
                var d = new float[n];
                BFloat16Codec.Decode(h, d);
                double ulp = Math.Abs(Value((ushort)(top + 1)) - Value((ushort)top));
                Assert.True(Math.Abs(d.Average(v => (double)v) - x) <= (5 * ulp * sd / n) + (ulp / n), $"0x{top:X4}{q:X4}: mean {d.Average(v => (double)v):R}, x {x:R}");
            }
        }

        // Over many different values the error averages to 0: each error is in (-1, 1) ulps with mean 0 and sd at most 1/2.
        var rng = new Random(63);
        var xs = QuantizationInputs.BFloat16Values(rng, 1 << 20).Where(v => v != 0 && Math.Abs(v) < 1e38f).ToArray();
        var hs = new ushort[xs.Length];
        BFloat16Codec.EncodeStochastic(xs, hs, Key, 0);
        var ds = new float[xs.Length];
        BFloat16Codec.Decode(hs, ds);
        double meanUlps = xs.Select((v, i) => (ds[i] - (double)v) / Ulp(v)).Average();
        Assert.True(Math.Abs(meanUlps) <= 5 * 0.5 / Math.Sqrt(xs.Length), $"mean error {meanUlps} ulps over {xs.Length} values");
    }

    /// <summary>
    /// A pair (m and v, one draw per element): the first is rounded exactly as <see cref="BFloat16Codec.EncodeStochastic"/>
    /// with the same key (the draw's low half), the second with the draw's high half: unbiased, and rounded up
    /// independently of the first (for two values halfway between neighbours, both go up a quarter of the time).
    /// </summary>
    [Fact]
    public void APairRoundsTheFirstAsAloneAndTheSecondUnbiasedAndIndependently()
    {
        var rng = new Random(65);
        var xs = QuantizationInputs.BFloat16Values(rng, 300_001);
        var ys = QuantizationInputs.BFloat16Values(rng, 300_001);
        var (hx, hy, alone) = (new ushort[xs.Length], new ushort[ys.Length], new ushort[xs.Length]);
        BFloat16Codec.EncodeStochasticPair(xs, ys, hx, hy, Key, 123);
        BFloat16Codec.EncodeStochastic(xs, alone, Key, 123);
        Assert.Equal(alone, hx);

        const int n = 1 << 16;
        foreach (uint q in new uint[] { 1, 16384, 32768, 58982 })
        {
            float x = BitConverter.UInt32BitsToSingle((0x3F80u << 16) | 32768u);
            float y = BitConverter.UInt32BitsToSingle((0x4B7Fu << 16) | q);
            var (a, b) = (new ushort[n], new ushort[n]);
            BFloat16Codec.EncodeStochasticPair(Enumerable.Repeat(x, n).ToArray(), Enumerable.Repeat(y, n).ToArray(), a, b, Key, 4096);
            int ups = b.Count(v => v == 0x4B80);
            Assert.Equal(n, ups + b.Count(v => v == 0x4B7F));
            double p = q / 65536.0, sd = Math.Sqrt(n * p * (1 - p));
            Assert.True(Math.Abs(ups - (n * p)) <= (5 * sd) + 1, $"q {q}: {ups} of {n} up, {n * p:F1} expected");
            int both = Enumerable.Range(0, n).Count(i => a[i] == 0x3F81 && b[i] == 0x4B80);
            double pb = 0.5 * p, sdb = Math.Sqrt(n * pb * (1 - pb));
            Assert.True(Math.Abs(both - (n * pb)) <= (5 * sdb) + 1, $"q {q}: both up {both} times, {n * pb:F1} expected if independent");
        }
    }

    /// <summary>The result is one of x's two bfloat16 neighbours, for any finite x.</summary>
    [Fact]
    public void StochasticRoundingPicksANeighbour()
    {
        var x = QuantizationInputs.BFloat16Values(new Random(64), 300_000);
        var h = new ushort[x.Length];
        BFloat16Codec.EncodeStochastic(x, h, Key, 123);
        for (int i = 0; i < x.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(x[i]);
            bool exact = (bits & 0xFFFF) == 0;
            Assert.True(h[i] == bits >> 16 || (!exact && h[i] == (bits >> 16) + 1), $"{x[i]:R} (0x{bits:X8}) rounds to 0x{h[i]:X4}");
        }
    }

    /// <summary>
    /// The same key and indices give the same result: on a second run, encoded element by element (the scalar tail
    /// only), or in chunks of any size with their first index, across 2^32 too; another step or stream gives other draws.
    /// </summary>
    [Fact]
    public void StochasticDrawsDependOnTheKeyAndTheIndexAlone()
    {
        var rng = new Random(65);
        var x = QuantizationInputs.BFloat16WithEdges(rng, 5000);
        foreach (long first in new[] { 0L, 2048L * 9, (1L << 32) - 2500, (1L << 40) + 3 })
        {
            var whole = new ushort[x.Length];
            BFloat16Codec.EncodeStochastic(x, whole, Key, first);
            var again = new ushort[x.Length];
            BFloat16Codec.EncodeStochastic(x, again, Key, first);
            BitAssert.Equal(whole, again, "a second run");
            var pieces = new ushort[x.Length];
            for (int start = 0; start < x.Length;)
            {
                int n = Math.Min(x.Length - start, rng.Next(4) == 0 ? 1 : rng.Next(1, 3 * Vector<ushort>.Count));
                BFloat16Codec.EncodeStochastic(x.AsSpan(start, n), pieces.AsSpan(start, n), Key, first + start);
                start += n;
            }

            BitAssert.Equal(whole, pieces, $"chunks, first index {first}");
            foreach (var other in new[] { RoundingKey.Of(0x5EED_0000_0025UL, 1235, 0), RoundingKey.Of(0x5EED_0000_0025UL, 1234, 1), RoundingKey.Of(0x5EED_0000_0026UL, 1234, 0) })
            {
                Assert.NotEqual(Key, other);
                BFloat16Codec.EncodeStochastic(x, again, other, first);
                int inexact = x.Count(v => !float.IsNaN(v) && (BitConverter.SingleToUInt32Bits(v) & 0xFFFF) != 0);
                int differ = whole.Where((v, i) => v != again[i]).Count();
                Assert.True(differ > inexact / 10, $"key {other.Value:X8}: {differ} of {inexact} inexact values round otherwise");
            }
        }
    }

    [Fact]
    public void LengthsMustMatch()
    {
        Assert.Throws<ArgumentException>(() => BFloat16Codec.Decode(new ushort[3], new float[4]));
        Assert.Throws<ArgumentException>(() => BFloat16Codec.EncodeNearest(new float[3], new ushort[2]));
        Assert.Throws<ArgumentException>(() => BFloat16Codec.EncodeStochastic(new float[3], new ushort[4], Key, 0));
    }

    private static bool IsNaN(ushort h) => (h & 0x7F80) == 0x7F80 && (h & 0x7F) != 0;

    // A bfloat16's value, infinity as +-2^128 (for the distances of overflow).
    private static double Value(ushort h) => (h & 0x7FFF) == 0x7F80 ? Math.CopySign(Math.ScaleB(1.0, 128), (h & 0x8000) == 0 ? 1 : -1) : BitConverter.UInt32BitsToSingle((uint)h << 16);

    // The bfloat16 spacing at x: 2^(e - 7) for x in [2^e, 2^(e + 1)), 2^-133 among subnormals.
    private static double Ulp(float x) => Math.ScaleB(1.0, Math.Max(Math.ILogB(Math.Abs((double)x)), -126) - 7);
}
