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
        var c = new AdamCoefficients
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

    private static float[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

    private static float[] Positive(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
}
