using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// The 8-bit codes at the ends of float32's range and off it: scales whose reciprocal overflows (2^-128 and below,
/// subnormals included: every nonzero value once encoded to the largest code), scales whose reciprocal is subnormal
/// (above 2^126), zeros, and blocks holding a NaN or an infinity; and <see cref="Float8Codec.AbsMax"/> on all of them.
/// </summary>
public class Float8CodecEdgeTests
{
    /// <summary>
    /// Scales whose float32 reciprocal overflows (2^-128 = 2.9e-39 and below: float.Epsilon, 2^-130, 1e-39, 1e-44), tiny
    /// scales whose reciprocal is finite (1e-30, the subnormals 0x00200001 just above 2^-128 and 1.1754942E-38, 2^-127,
    /// 2^-126), and huge ones: 2^126 (the last with a normal reciprocal), and from 0x7E800001 just above it to
    /// float.MaxValue, whose reciprocal is subnormal.
    /// </summary>
    internal static readonly float[] Extremes =
    [
        1e-30f, float.Epsilon, Pow2(-130), Pow2(-128), BitConverter.UInt32BitsToSingle(0x00200001), Pow2(-127), 1.1754942E-38f, 1e-39f, 1e-44f,
        Pow2(-126), Pow2(126), BitConverter.UInt32BitsToSingle(0x7E800001), Pow2(127), float.MaxValue,
    ];

    public static TheoryData<float> ExtremeScales() => new(Extremes);

    /// <summary>
    /// s 2^-j encodes to its exact code ((15 - j) &lt;&lt; M, or 2^(14 + M - j) among the subnormal codes) and decodes to
    /// itself, with its sign, wherever s 2^-j is a float32; and random values round-trip within the error bound.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExtremeScales))]
    public void ExtremeScalesRoundTrip(float scale)
    {
        Exact<SignedFloat8>(scale);
        Exact<UnsignedFloat8>(scale);
        Bounded<SignedFloat8>(scale, new Random(41));
        Bounded<UnsignedFloat8>(scale, new Random(42));
    }

    /// <summary>
    /// Values n 2^-20 (n = 0 .. 2^20) times a power-of-two scale 2^k are exact for every k from -129 to 127, so y is the
    /// same float32 at every k: the codes must be those at scale 1, and the decoded values those at scale 1 times 2^k,
    /// whether y comes from the reciprocal (2^-128 &lt; s &lt;= 2^126) or from division (the rest).
    /// </summary>
    [Fact]
    public void PowerOfTwoScalesGiveTheCodesOfScaleOne()
    {
        var rng = new Random(43);
        var unit = new float[777];
        for (int i = 0; i < unit.Length; i++)
        {
            unit[i] = (float)Math.ScaleB(rng.Next(3) == 0 ? rng.Next(1 << 10) : rng.Next((1 << 20) + 1), -20) * (rng.Next(2) == 0 ? -1 : 1);
        }

        unit[5] = -1f;
        Same<SignedFloat8>(unit);
        Same<UnsignedFloat8>([.. unit.Select(MathF.Abs)]);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void ABlockWithANaNOrAnInfinityDecodesToNaNThroughout(float bad)
    {
        foreach (int n in new[] { 1, 3, 37, 2048 })
        {
            for (int at = 0; at < n; at += Math.Max(1, n / 5))
            {
                var x = QuantizationInputs.Signed(new Random(44 + at), n, -20, 5);
                x[at] = bad;
                NonFinite<SignedFloat8>(x, bad);
                NonFinite<UnsignedFloat8>([.. x.Select(MathF.Abs)], MathF.Abs(bad));
            }
        }
    }

    [Fact]
    public void ZerosEncodeToCodeZeroAndDecodeToZero()
    {
        foreach (float scale in new[] { 1f, float.Epsilon, 1e-30f, float.MaxValue })
        {
            var codes = new byte[19];
            Float8Codec.Encode<SignedFloat8>([.. Enumerable.Range(0, 19).Select(i => i % 2 == 0 ? 0f : -0f)], scale, codes);
            Assert.All(codes, c => Assert.Equal(0, c));
            Float8Codec.Encode<UnsignedFloat8>(new float[19], scale, codes);
            Assert.All(codes, c => Assert.Equal(0, c));
            var d = new float[19];
            Float8Codec.Decode<UnsignedFloat8>(codes, scale, d);
            Assert.All(d, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));
            Float8Codec.Decode<SignedFloat8>(Enumerable.Repeat((byte)0x80, 19).ToArray(), scale, d);
            Assert.All(d, v => Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(v)));
        }

        // A block of zeros has scale +0, zero codes, and decodes to +0 (the sign of -0 is not kept).
        var zeros = new[] { 0f, -0f, 0f, -0f, -0f, 0f, 0f, 0f, -0f, 0f, -0f };
        var (allCodes, scales) = Blockwise.Encode<SignedFloat8>(zeros);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(scales[0]));
        Assert.All(allCodes, c => Assert.Equal(0, c));
        Assert.All(Blockwise.Decode<SignedFloat8>(allCodes, scales), v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));
    }

    /// <summary>AbsMax is max |x| (+0 for none or only zeros), NaN if any element is NaN, +inf if any is infinite and none NaN.</summary>
    [Fact]
    public void AbsMaxIsTheLargestMagnitudeAndPropagatesNaN()
    {
        var rng = new Random(45);
        for (int n = 0; n <= 70; n++)
        {
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                // Any finite float32, subnormals and both zeros included.
                x[i] = BitConverter.UInt32BitsToSingle((uint)rng.Next(rng.Next(4) == 0 ? 0x00800000 : 0x7F800000) | (rng.Next(2) == 0 ? 0x80000000u : 0u));
            }

            float expected = n == 0 ? 0f : x.Max(MathF.Abs);
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(Float8Codec.AbsMax(x)));
            for (int at = 0; at < n; at++)
            {
                var y = (float[])x.Clone();
                y[at] = float.NegativeInfinity;
                Assert.Equal(float.PositiveInfinity, Float8Codec.AbsMax(y));
                y[(at * 7) % n] = BitConverter.UInt32BitsToSingle(0x7F800001u + (uint)at); // NaNs of other payloads too
                Assert.True(float.IsNaN(Float8Codec.AbsMax(y)), $"n = {n}, NaN at {(at * 7) % n}");
            }
        }

        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(Float8Codec.AbsMax([-0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f])));
        Assert.Equal(float.Epsilon, Float8Codec.AbsMax([0f, -float.Epsilon, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f]));
    }

    private static void Exact<TMap>(float scale)
        where TMap : struct, IFloat8Map
    {
        int m = TMap.MantissaBits;
        for (int j = 0; j <= 14 + m; j++)
        {
            double value = Math.ScaleB((double)scale, -j);
            if ((double)(float)value != value || value == 0)
            {
                continue;
            }

            uint code = j <= 14 ? (uint)(15 - j) << m : 1u << (14 + m - j);
            foreach (float x in TMap.Signed ? new[] { (float)value, -(float)value } : [(float)value])
            {
                // The value with the scale itself in its block (at either end of a SIMD vector and in the tail).
                var block = new float[19];
                block[0] = scale;
                block[7] = x;
                block[8] = x;
                block[18] = x;
                var codes = new byte[block.Length];
                Float8Codec.Encode<TMap>(block, scale, codes);
                var d = new float[block.Length];
                Float8Codec.Decode<TMap>(codes, scale, d);
                uint expected = x < 0 ? code | 0x80u : code;
                foreach (int i in new[] { 7, 8, 18 })
                {
                    Assert.True(codes[i] == expected, $"M = {m}, scale {scale:R}: {x:R} (2^-{j} of it) has code {codes[i]}, not {expected}");
                    Assert.True(d[i] == x, $"M = {m}, scale {scale:R}: {x:R} decodes to {d[i]:R}");
                }

                Assert.Equal(scale, d[0]);
            }
        }
    }

    private static void Bounded<TMap>(float scale, Random rng)
        where TMap : struct, IFloat8Map
    {
        for (int trial = 0; trial < 50; trial++)
        {
            var x = new float[trial + 1];
            for (int i = 0; i < x.Length; i++)
            {
                double r = rng.Next(3) == 0 ? rng.NextDouble() : Math.Pow(2, -30 * rng.NextDouble());
                x[i] = (float)(r * scale) * (TMap.Signed && rng.Next(2) == 0 ? -1 : 1);
            }

            x[rng.Next(x.Length)] = scale;
            float s = Float8Codec.AbsMax(x);
            Assert.Equal(scale, s);
            var (codes, scales) = Blockwise.Encode<TMap>(x);
            var d = Blockwise.Decode<TMap>(codes, scales);
            for (int i = 0; i < x.Length; i++)
            {
                double error = Math.Abs((double)d[i] - x[i]), bound = Float8CodecPropertyTests.ErrorBound(TMap.MantissaBits, x[i], s);
                Assert.True(error <= bound && (d[i] == 0 || Math.Sign(d[i]) == Math.Sign(x[i])), $"M = {TMap.MantissaBits}, scale {s:R}: {x[i]:R} decodes to {d[i]:R}");
            }
        }
    }

    private static void Same<TMap>(float[] unit)
        where TMap : struct, IFloat8Map
    {
        var (codes, scales) = Blockwise.Encode<TMap>(unit);
        Assert.Equal(1f, scales[0]);
        var decoded = Blockwise.Decode<TMap>(codes, scales);
        for (int k = -129; k <= 127; k++)
        {
            var x = unit.Select(u => (float)Math.ScaleB(u, k)).ToArray();
            var (c, s) = Blockwise.Encode<TMap>(x);
            Assert.Equal(Pow2(k), s[0]);
            BitAssert.Equal(codes, c, $"M = {TMap.MantissaBits}, scale 2^{k}: codes");
            BitAssert.Equal([.. decoded.Select(v => (float)Math.ScaleB(v, k))], Blockwise.Decode<TMap>(c, s), $"M = {TMap.MantissaBits}, scale 2^{k}: decoded");
        }
    }

    private static void NonFinite<TMap>(float[] x, float bad)
        where TMap : struct, IFloat8Map
    {
        var (codes, scales) = Blockwise.Encode<TMap>(x);
        Assert.True(float.IsNaN(bad) ? float.IsNaN(scales[0]) : scales[0] == float.PositiveInfinity, $"scale {scales[0]}");
        Assert.All(codes, c => Assert.Equal(0, c));
        Assert.All(Blockwise.Decode<TMap>(codes, scales), v => Assert.True(float.IsNaN(v)));
    }

    private static float Pow2(int k) => (float)Math.ScaleB(1.0, k);
}
