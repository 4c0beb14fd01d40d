using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// The reducing pass (<see cref="AdamKernel.StepAndReduce"/>): the same update as <see cref="AdamKernel.Step"/>, bit
/// for bit, at every length 0..256 and every kind, and sums that match the definition evaluated here in float64 from
/// the moments the step left.
/// </summary>
public class KernelSumsTests
{
    [Theory]
    [MemberData(nameof(AdamKernelTests.Kinds), MemberType = typeof(AdamKernelTests))]
    public void ReducingChangesNoBitOfTheUpdateAndSumsTheDefinition(StepKind kind, bool amsgrad)
    {
        var c = new AdamCoefficients
        {
            Beta1 = 0.85, Beta2 = 0.995, GradientSign = -1, L2 = 0.03, Decay = 0.9991, StepSize = 0.0123, SqrtBiasCorrection2 = 0.31, Eps = 1e-6, Kind = kind,
        };
        var rng = new Random(11);
        for (int n = 0; n <= 256; n++)
        {
            float[] p = Random(rng, n), g = Random(rng, n), m = Random(rng, n), v = Positive(rng, n), x = Positive(rng, n);
            float[] p0 = (float[])p.Clone(), p2 = (float[])p.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone(), x2 = (float[])x.Clone();
            var sums = AdamKernel.StepAndReduce(p, g, m, v, amsgrad ? x : [], c, TensorStatistics.UpdateSquared | TensorStatistics.GradientRatioSquared);
            AdamKernel.Step(p2, g, m2, v2, amsgrad ? x2 : [], c);
            Assert.Equal(p2, p);
            Assert.Equal(m2, m);
            Assert.Equal(v2, v);
            Assert.Equal(x2, x);

            // The definition, in float64 from the stored results: direction = m / (sqrt(v*) / sqrt(bc2) + eps) for the
            // adaptive kind, m for momentum, nothing otherwise; ratio = (g' / (sqrt(v*) / sqrt(bc2) + eps))^2.
            double direction = 0, ratio = 0;
            for (int i = 0; i < n; i++)
            {
                double vUse = amsgrad ? x[i] : v[i];
                double gi = (-g[i]) + (0.03 * p0[i]);
                double d = kind switch
                {
                    StepKind.Adaptive => m[i] / ((Math.Sqrt(vUse) / 0.31) + 1e-6),
                    StepKind.Momentum => m[i],
                    _ => 0,
                };
                direction += d * d;
                double q = gi / ((Math.Sqrt(vUse) / 0.31) + 1e-6);
                ratio += q * q;
            }

            Assert.Equal(direction, sums.SquaredDirection, Math.Max(1e-5 * direction, 1e-9));
            Assert.Equal(ratio, sums.GradientRatio, Math.Max(1e-5 * ratio, 1e-9));
        }
    }

    [Fact]
    public void ZeroGradientAndZeroSecondMomentAddNothing()
    {
        var c = new AdamCoefficients { Beta1 = 0.9, Beta2 = 0.999, GradientSign = 1, Decay = 1, StepSize = 0.1, SqrtBiasCorrection2 = 0.05, Eps = 1e-8, Kind = StepKind.Adaptive };
        var sums = AdamKernel.StepAndReduce(new float[37], new float[37], new float[37], new float[37], [], c, TensorStatistics.UpdateSquared | TensorStatistics.GradientRatioSquared);
        Assert.Equal(new KernelSums(0, 0), sums);
    }

    private static float[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

    private static float[] Positive(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)(0.01 + rng.NextDouble())).ToArray();

    /// <summary>
    /// Every statistic of <see cref="TensorStatistics"/> against its definition, evaluated here in float64 from the step's
    /// inputs and stored results, at every length 0..256, kind and AMSGrad setting; the preview pass sums exactly what the
    /// step sums and writes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(AdamKernelTests.Kinds), MemberType = typeof(AdamKernelTests))]
    public void EveryStatisticMatchesItsDefinitionAndThePreviewSumsTheSameWithoutWriting(StepKind kind, bool amsgrad)
    {
        const TensorStatistics all = TensorStatistics.UpdateSquared | TensorStatistics.GradientRatioSquared | TensorStatistics.ClampedGradientRatio | TensorStatistics.ParameterSquared | TensorStatistics.UpdateDotParameter;
        var c = new AdamCoefficients
        {
            Beta1 = 0.85, Beta2 = 0.995, GradientSign = -1, L2 = 0.03, Decay = 0.9991, StepSize = 0.0123, SqrtBiasCorrection2 = 0.31, Eps = 1e-2, Kind = kind,
        };
        var rng = new Random(13);
        for (int n = 0; n <= 256; n++)
        {
            float[] p = Random(rng, n), g = Random(rng, n), m = Random(rng, n), v = Positive(rng, n), x = Positive(rng, n);
            float[] p0 = (float[])p.Clone(), m0 = (float[])m.Clone(), v0 = (float[])v.Clone(), x0 = (float[])x.Clone();
            var preview = AdamKernel.Preview(p, g, m, v, amsgrad ? x : [], c, all);
            Assert.Equal(p0, p);
            Assert.Equal(m0, m);
            Assert.Equal(v0, v);
            Assert.Equal(x0, x);
            var sums = AdamKernel.StepAndReduce(p, g, m, v, amsgrad ? x : [], c, all);
            Assert.Equal(sums, preview);

            double direction = 0, ratio = 0, clamped = 0, parameter = 0, dot = 0, dotMagnitude = 0;
            for (int i = 0; i < n; i++)
            {
                double vUse = amsgrad ? x[i] : v[i];
                double gi = (-g[i]) + (0.03 * p0[i]);
                double denominator = (Math.Sqrt(vUse) / 0.31) + 1e-2;
                double mi = kind == StepKind.SecondMomentOnly ? m0[i] : m[i];
                double d = kind switch
                {
                    StepKind.Adaptive => mi / denominator,
                    StepKind.Momentum => mi,
                    _ => 0,
                };
                direction += d * d;
                ratio += gi * gi / (denominator * denominator);
                clamped += gi * gi / Math.Max(vUse / (0.31 * 0.31), 1e-4);
                parameter += p0[i] * (double)p0[i];
                dot += d * p0[i];
                dotMagnitude += Math.Abs(d * p0[i]);
            }

            Assert.Equal(direction, sums.SquaredDirection, Math.Max(1e-5 * direction, 1e-9));
            Assert.Equal(ratio, sums.GradientRatio, Math.Max(1e-5 * ratio, 1e-9));
            Assert.Equal(clamped, sums.ClampedGradientRatio, Math.Max(1e-5 * clamped, 1e-9));
            Assert.Equal(parameter, sums.SquaredParameter, Math.Max(1e-5 * parameter, 1e-9));
            Assert.Equal(dot, sums.DirectionDotParameter, Math.Max(1e-5 * dotMagnitude, 1e-9)); // a signed sum: float32 lanes err relative to its terms
        }
    }

    [Fact]
    public void OnlyTheStatisticsAskedForAreSummed()
    {
        var c = new AdamCoefficients { Beta1 = 0.9, Beta2 = 0.999, GradientSign = 1, Decay = 1, StepSize = 0.1, SqrtBiasCorrection2 = 0.05, Eps = 1e-8, Kind = StepKind.Adaptive };
        var rng = new Random(17);
        float[] p = Random(rng, 100), g = Random(rng, 100), m = Random(rng, 100), v = Positive(rng, 100);
        var sums = AdamKernel.Preview(p, g, m, v, [], c, TensorStatistics.ParameterSquared);
        Assert.Equal(p.Sum(x => (double)x * x), sums.SquaredParameter, 1e-4);
        Assert.Equal(new KernelSums(0, 0, 0, sums.SquaredParameter, 0), sums);
    }
}
