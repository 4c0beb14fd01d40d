using System.Numerics;
using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// Properties of the 8-bit codes that need no reference, for both layouts (M = 3 signed, M = 4 unsigned): the round
/// trip is within half a code (<see cref="ErrorBound"/>), signs are kept, codes rise with |x|, the block's absolute
/// maximum comes back exactly, re-encoding decoded values changes nothing, and the SIMD body agrees with the scalar
/// tail. Scales are drawn from all of float32's range, subnormals included. (Scales whose reciprocal overflows, and
/// NaN and infinite blocks, have their own tests in <see cref="Float8CodecEdgeTests"/>.)
/// </summary>
public class Float8CodecPropertyTests
{
    [Fact]
    public void RoundTripIsWithinHalfACodeAtAnyScale()
    {
        RoundTrip<SignedFloat8>(new Random(31));
        RoundTrip<UnsignedFloat8>(new Random(32));
    }

    [Fact]
    public void CodesRiseWithTheMagnitudeAndBit7IsTheSign()
    {
        Monotone<SignedFloat8>(new Random(33));
        Monotone<UnsignedFloat8>(new Random(34));
    }

    [Fact]
    public void TheAbsoluteMaximumDecodesToThePlusOrMinusScale()
    {
        AbsMaxExact<SignedFloat8>(new Random(35), signed: true);
        AbsMaxExact<UnsignedFloat8>(new Random(36), signed: false);
    }

    [Fact]
    public void EncodingDecodedValuesGivesThemBack()
    {
        Idempotent<SignedFloat8>(new Random(37), signed: true);
        Idempotent<UnsignedFloat8>(new Random(38), signed: false);
    }

    [Fact]
    public void SimdBodyAndScalarTailAgree()
    {
        SimdAgrees<SignedFloat8>(new Random(39), signed: true);
        SimdAgrees<UnsignedFloat8>(new Random(40), signed: false);
    }

    [Fact]
    public void ScaleZeroGivesZeroCodesAndLengthsMustMatch()
    {
        var codes = new byte[] { 1, 2, 3 };
        Float8Codec.Encode<SignedFloat8>(new float[3], 0f, codes);
        Assert.Equal(new byte[3], codes);
        Assert.Throws<ArgumentException>(() => Float8Codec.Encode<SignedFloat8>(new float[3], 1f, new byte[2]));
        Assert.Throws<ArgumentException>(() => Float8Codec.Decode<UnsignedFloat8>(new byte[3], 1f, new float[2]));
        Assert.Equal(0f, Float8Codec.AbsMax([]));
    }

    /// <summary>
    /// The largest |decoded - x| of a value x of a block with scale s, for M mantissa bits: with y = |x| / s exactly,
    /// <list type="bullet">
    /// <item>the codes of the binade [2^k, 2^(k+1)), k = -14 .. -1, are 2^(k-M) apart, so rounding y to the nearest one
    /// errs by at most 2^(k-M-1) &lt;= 2^-(M+1) y: relative 2^-4 for m (M = 3), 2^-5 for sqrt(v) (M = 4), so 2^-4 +
    /// 2^-10 for v = sqrt(v)^2;</item>
    /// <item>below 2^-14 the codes are 2^-(14+M) apart: at most 2^-(15+M) absolute in y, s 2^-(15+M) in x;</item>
    /// <item>together, half a code is max(2^-(M+1) |x|, 2^-(15+M) s) (the first is the larger exactly when y &gt;= 2^-14);</item>
    /// <item>float32 arithmetic adds: y is computed with relative error below 2^-23 (a correctly rounded division,
    /// or the reciprocal and a product, two roundings of 2^-24), which moves the error by less than 2^-23 |x| plus
    /// 2^-23 of half a code; the decoded product rounds by 2^-24 of |x| + half a code while it is a normal float32,
    /// and by at most 2^-150 among subnormals.</item>
    /// </list>
    /// So |decoded - x| &lt;= max(2^-(M+1) |x|, 2^-(15+M) s) + 2^-21 (|x| + 2^-(15+M) s) + 2^-149, the last two
    /// terms a generous cover of the arithmetic.
    /// </summary>
    internal static double ErrorBound(int mantissaBits, double x, double scale)
    {
        double half = Math.Max(Math.ScaleB(Math.Abs(x), -(mantissaBits + 1)), Math.ScaleB(scale, -(15 + mantissaBits)));
        return half + Math.ScaleB(Math.Abs(x) + Math.ScaleB(scale, -(15 + mantissaBits)), -21) + Math.ScaleB(1.0, -149);
    }

    // Within ErrorBound, with the sign of x (or 0), for scales over all of float32's positive range.
    private static void RoundTrip<TMap>(Random rng)
        where TMap : struct, IFloat8Map
    {
        int m = TMap.MantissaBits;
        for (int trial = 0; trial < 3000; trial++)
        {
            float scale = RandomScale(rng);
            var x = Block(rng, scale, 64, TMap.Signed);
            var d = RoundTripped<TMap>(x, out float s);
            Assert.Equal(scale, s);
            for (int i = 0; i < x.Length; i++)
            {
                double error = Math.Abs((double)d[i] - x[i]), bound = ErrorBound(m, x[i], s);
                bool ok = error <= bound && (d[i] == 0 || Math.Sign(d[i]) == Math.Sign(x[i]));
                Assert.True(ok, $"M = {m}, scale {s:R}: {x[i]:R} decodes to {d[i]:R}, error {error:R} > {bound:R}");
            }
        }
    }

    private static void Monotone<TMap>(Random rng)
        where TMap : struct, IFloat8Map
    {
        for (int trial = 0; trial < 200; trial++)
        {
            float scale = RandomScale(rng);
            var x = Block(rng, scale, 4096, signed: false);
            Array.Sort(x);
            var codes = new byte[x.Length];
            Float8Codec.Encode<TMap>(x, scale, codes);
            for (int i = 1; i < x.Length; i++)
            {
                Assert.True(codes[i] >= codes[i - 1], $"M = {TMap.MantissaBits}, scale {scale:R}: {x[i - 1]:R} has code {codes[i - 1]}, {x[i]:R} has {codes[i]}");
            }

            Assert.True(codes[^1] == 15 << TMap.MantissaBits, "the scale is code 15 << M");
            if (TMap.Signed)
            {
                var negated = new byte[x.Length];
                Float8Codec.Encode<TMap>([.. x.Select(a => -a)], scale, negated);
                for (int i = 0; i < x.Length; i++)
                {
                    Assert.Equal(x[i] > 0 ? codes[i] | 0x80 : codes[i], negated[i]);
                }
            }
        }
    }

    private static void AbsMaxExact<TMap>(Random rng, bool signed)
        where TMap : struct, IFloat8Map
    {
        for (int n = 1; n < 600; n++)
        {
            var x = QuantizationInputs.Float8Values(rng, n);
            if (!signed)
            {
                x = [.. x.Select(MathF.Abs)];
            }

            var d = RoundTripped<TMap>(x, out float s);
            for (int i = 0; i < n; i++)
            {
                if (MathF.Abs(x[i]) == s && s > 0)
                {
                    Assert.True(BitConverter.SingleToUInt32Bits(x[i]) == BitConverter.SingleToUInt32Bits(d[i]), $"n = {n}: {x[i]:R} decodes to {d[i]:R}");
                }
            }
        }

        foreach (float s in new[] { float.MaxValue, 3f, 1e-30f, float.Epsilon, 1e-39f, 1.1754942E-38f })
        {
            Assert.Equal(s, RoundTripped<TMap>([s, s / 3], out _)[0]);
        }
    }

    // Codes and scale of the decoded values are those of the values (scales from 2^-100 up, so that decoded values are
    // normal floats), except that with a sign bit -0 (a negative value too small for a code, 0x80) comes back as +0
    // (code 0); without one, 0x80 is the magnitude 2^-7 and stays.
    private static void Idempotent<TMap>(Random rng, bool signed)
        where TMap : struct, IFloat8Map
    {
        for (int trial = 0; trial < 2000; trial++)
        {
            float scale = (float)Math.Pow(2, -100 + (220 * rng.NextDouble()));
            var x = Block(rng, scale, 64, signed);
            var codes = new byte[x.Length];
            Float8Codec.Encode<TMap>(x, scale, codes);
            var d = new float[x.Length];
            Float8Codec.Decode<TMap>(codes, scale, d);
            float again = Float8Codec.AbsMax(d);
            Assert.Equal(scale, again);
            var recoded = new byte[x.Length];
            Float8Codec.Encode<TMap>(d, again, recoded);
            Assert.Equal(codes.Select(c => signed && c == 0x80 ? (byte)0 : c), recoded);
        }
    }

    // Each element encoded alone (a span of one: the scalar tail only) against the span at once, at lengths around
    // multiples of Vector<float>.Count.
    private static void SimdAgrees<TMap>(Random rng, bool signed)
        where TMap : struct, IFloat8Map
    {
        int count = Vector<float>.Count;
        for (int k = 0; k <= 4; k++)
        {
            for (int n = Math.Max(1, (k * count) - 1); n <= (k * count) + 1; n++)
            {
                var x = QuantizationInputs.Float8Values(rng, n);
                if (!signed)
                {
                    x = [.. x.Select(MathF.Abs)];
                }

                float scale = Float8Codec.AbsMax(x);
                Assert.Equal(x.Length == 0 ? 0 : x.Max(MathF.Abs), scale);
                var codes = new byte[n];
                Float8Codec.Encode<TMap>(x, scale, codes);
                var d = new float[n];
                Float8Codec.Decode<TMap>(codes, scale, d);
                for (int i = 0; i < n; i++)
                {
                    var one = new byte[1];
                    Float8Codec.Encode<TMap>(x.AsSpan(i, 1), scale, one);
                    Assert.Equal(one[0], codes[i]);
                    var back = new float[1];
                    Float8Codec.Decode<TMap>(one, scale, back);
                    Assert.Equal(BitConverter.SingleToUInt32Bits(back[0]), BitConverter.SingleToUInt32Bits(d[i]));
                }
            }
        }
    }

    private static float[] RoundTripped<TMap>(float[] x, out float scale)
        where TMap : struct, IFloat8Map
    {
        scale = Float8Codec.AbsMax(x);
        var codes = new byte[x.Length];
        Float8Codec.Encode<TMap>(x, scale, codes);
        var d = new float[x.Length];
        Float8Codec.Decode<TMap>(codes, scale, d);
        return d;
    }

    // A scale anywhere in float32's positive range: subnormals, normals whose reciprocal overflows (below 2^-128) or is
    // subnormal (above 2^126), and the rest.
    private static float RandomScale(Random rng) => rng.Next(4) switch
    {
        0 => BitConverter.UInt32BitsToSingle((uint)rng.Next(1, 0x00800000)),
        1 => BitConverter.UInt32BitsToSingle((uint)rng.Next(0x00800000, 0x7F800000)),
        _ => (float)Math.Pow(2, -126 + (253.9 * rng.NextDouble())),
    };

    // n values of magnitude at most scale (one of them equal to it): log-uniform over 30 binades below, or uniform.
    private static float[] Block(Random rng, float scale, int n, bool signed)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double r = rng.Next(3) == 0 ? rng.NextDouble() : Math.Pow(2, -30 * rng.NextDouble());
            x[i] = (float)(r * scale) * (signed && rng.Next(2) == 0 ? -1 : 1);
        }

        x[0] = scale;
        return x;
    }
}
