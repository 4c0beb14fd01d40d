using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// The SIMD kernel against a plain scalar float32 loop written here with the same operation order: for every
/// length 0..256 (all vector-body/tail splits) and every step kind, with and without AMSGrad, the results must be
/// bit-identical, since every vector operation used is IEEE-exact per lane.
/// </summary>
public class AdamKernelTests
{
    public static TheoryData<StepKind, bool> Kinds()
    {
        var data = new TheoryData<StepKind, bool>();
        foreach (var kind in Enum.GetValues<StepKind>())
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MatchesAScalarLoopBitForBitAtEveryLength(StepKind kind, bool amsgrad)
    {
        var c = Coefficients(kind);
        var rng = new Random(7);
        for (int n = 0; n <= 256; n++)
        {
            float[] p = Random(rng, n), g = Random(rng, n), m = Random(rng, n), v = Positive(rng, n), x = Positive(rng, n);
            float[] p2 = (float[])p.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone(), x2 = (float[])x.Clone();
            AdamKernel.Step(p, g, m, v, amsgrad ? x : [], c);
            Scalar(p2, g, m2, v2, amsgrad ? x2 : null, c);
            Assert.Equal(p2, p);
            Assert.Equal(m2, m);
            Assert.Equal(v2, v);
            Assert.Equal(x2, x);
        }
    }

    /// <summary>
    /// A tensor of 2^20 + 3 elements (many vector iterations, a tail of 3): the scalar loop again, and the SHA-256 of
    /// p, m, v and v_max afterwards as computed by the kernel at commit 430d13e (eight hand-written loops, before the
    /// single driver), so that a rewrite of the kernel keeps every bit.
    /// </summary>
    [Theory]
    [MemberData(nameof(LargeCases))]
    public void LargeTensorsKeepEveryBitOfTheEarlierKernel(StepKind kind, bool amsgrad, string sha256)
    {
        var c = Coefficients(kind);
        var rng = new Random(9);
        int n = (1 << 20) + 3;
        float[] p = Random(rng, n), g = Random(rng, n), m = Random(rng, n), v = Positive(rng, n), x = Positive(rng, n);
        float[] p2 = (float[])p.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone(), x2 = (float[])x.Clone();
        AdamKernel.Step(p, g, m, v, amsgrad ? x : [], c);
        Scalar(p2, g, m2, v2, amsgrad ? x2 : null, c);
        Assert.True(p.AsSpan().SequenceEqual(p2) && m.AsSpan().SequenceEqual(m2) && v.AsSpan().SequenceEqual(v2) && x.AsSpan().SequenceEqual(x2));
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var a in new[] { p, m, v, x })
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        Assert.True(actual == sha256, $"SHA-256 {actual}");
    }

    public static TheoryData<StepKind, bool, string> LargeCases() => new()
    {
        { StepKind.Adaptive, false, "4fdaed6e1fb51429f6f2ae29af13e8ac5c78eabf469c8484a435dd5f793912c7" },
        { StepKind.Adaptive, true, "1b496dddf7bc278ace395c8c2ecb2360e37350d40c0a0d470e8f7188e0bc1f76" },
        { StepKind.Momentum, false, "0536aa50d9f0f4ba9435dc902c8f4bb59c4606c5f582f796dc863b8279ac2d81" },
        { StepKind.Momentum, true, "84c462fdf85eacf96ccae08e1fa338ab7ba161136de08d22f12586f90977ba30" },
        { StepKind.MomentsOnly, false, "42b4b18ed01977379d9bd44fcf079f98a66dda0ee14f75f38ab52ea9fd271aa2" },
        { StepKind.MomentsOnly, true, "2579e750bdbfbb5d14f91d2cf202ffd24cd6c116d07a8e4979a5a68d2371af15" },
        { StepKind.SecondMomentOnly, false, "360f78f004d878436fad0f1e0c7f2a5db4019db55b711f7292d5382c018d1086" },
        { StepKind.SecondMomentOnly, true, "deed8bcd3becf7c6cae723dec991478fa3d2b7e40283db038e3595e9eeca7903" },
    };

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var c = new AdamCoefficients { Kind = StepKind.Adaptive, Beta1 = 0.9, Beta2 = 0.999, GradientSign = 1, Decay = 1, SqrtBiasCorrection2 = 1 };
        Assert.Throws<ArgumentException>(() => AdamKernel.Step(new float[3], new float[2], new float[3], new float[3], [], c));
        Assert.Throws<ArgumentException>(() => AdamKernel.Step(new float[3], new float[3], new float[3], new float[3], new float[2], c));
    }

    /// <summary>At t = 1 with eps = 0 every Adam update is exactly -lr * sign(g) (Ma and Yarats, Section 3.2).</summary>
    [Fact]
    public void FirstAdamStepWithoutEpsIsPlusOrMinusLr()
    {
        var h = new AdaptiveHyperparameters(0.5, 0.9, 0.999, 0.0, 0.0, false, false);
        var c = UpdateRule.Adam(h, 1);
        var rng = new Random(8);
        var g = Random(rng, 1000);
        var p = new float[1000];
        AdamKernel.Step(p, g, new float[1000], new float[1000], [], c);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(-0.5f * MathF.Sign(g[i]), p[i], 1e-6f);
        }
    }

    private static void Scalar(float[] p, float[] g, float[] m, float[] v, float[]? x, in AdamCoefficients c)
    {
        float sign = (float)c.GradientSign, l2 = (float)c.L2, b1 = (float)c.Beta1, ob1 = (float)(1 - c.Beta1);
        float b2 = (float)c.Beta2, ob2 = (float)(1 - c.Beta2), decay = (float)c.Decay, step = (float)c.StepSize;
        float sqrtBc2 = (float)c.SqrtBiasCorrection2, eps = (float)c.Eps;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = (g[i] * sign) + (p[i] * l2);
            if (c.Kind != StepKind.SecondMomentOnly)
            {
                m[i] = (m[i] * b1) + (gi * ob1);
            }

            v[i] = (v[i] * b2) + (gi * ob2 * gi);
            float vUse = v[i];
            if (x is not null)
            {
                x[i] = MathF.Max(x[i], v[i]);
                vUse = x[i];
            }

            if (c.Kind == StepKind.Adaptive)
            {
                p[i] = (p[i] * decay) - ((step * m[i]) / ((MathF.Sqrt(vUse) / sqrtBc2) + eps));
            }
            else if (c.Kind == StepKind.Momentum)
            {
                p[i] = (p[i] * decay) - (step * m[i]);
            }
        }
    }

    private static AdamCoefficients Coefficients(StepKind kind) => new()
    {
        Beta1 = 0.85,
        Beta2 = 0.995,
        GradientSign = -1,
        L2 = 0.03,
        Decay = 0.9991,
        StepSize = 0.0123,
        SqrtBiasCorrection2 = 0.31,
        Eps = 1e-6,
        Kind = kind,
    };

    private static float[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

    private static float[] Positive(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
}
