using Warmup.Analysis.Analyses;
using Warmup.Analysis.Random;
using Warmup.Core.Maths;

namespace Warmup.Analysis.Tests.Analyses;

public class RectifiedVarianceSimulationTests
{
    /// <summary>Against a plain double computation on the same streams: Var[psi_t] and r_t^2 Var[psi_t].</summary>
    [Fact]
    public void MatchesAPlainComputationOnTheSameGradients()
    {
        var settings = new RectifiedVarianceSettings([0.0, 0.7], Trajectories: 1100, Iterations: 120, Beta2: 0.99, Seed: 3);
        var result = RectifiedVarianceSimulation.Run(settings);
        for (int i = 0; i < 2; i++)
        {
            double mu = settings.MeansOrDefault[i];
            var streams = new NormalStreams(settings.Seed + (0x9E3779B97F4A7C15UL * (ulong)(i + 1)), 1104);
            var z1 = new float[1104];
            var z2 = new float[1104];
            var v = new double[1100];
            for (int t = 1; t <= settings.Iterations; t++)
            {
                if (t % 2 == 1)
                {
                    streams.NextPair(0, z1, z2);
                }

                var z = t % 2 == 1 ? z1 : z2;
                var psi = new double[1100];
                for (int k = 0; k < 1100; k++)
                {
                    double g = mu + z[k];
                    v[k] = (settings.Beta2 * v[k]) + ((1 - settings.Beta2) * g * g);
                    psi[k] = Math.Sqrt((1 - Math.Pow(settings.Beta2, t)) / v[k]);
                }

                double mean = psi.Average();
                double variance = psi.Sum(p => (p - mean) * (p - mean)) / (psi.Length - 1);
                Assert.True(Math.Abs(result.Variance[i][t - 1] - variance) <= 2e-5 * variance, $"mu = {mu}, t = {t}: {result.Variance[i][t - 1]} vs {variance}");
                if (t >= 5)
                {
                    double r = Rectification.Term(t, settings.Beta2);
                    Assert.Equal(r * r * result.Variance[i][t - 1], result.RectifiedVariance[i][t - 1], 1e-15);
                }
                else
                {
                    Assert.True(double.IsNaN(result.RectifiedVariance[i][t - 1]));
                }
            }
        }
    }

    [Fact]
    public void TheNumbersDoNotDependOnTheThreadCount()
    {
        var one = RectifiedVarianceSimulation.Run(new RectifiedVarianceSettings(Trajectories: 1500, Iterations: 300, Threads: 1));
        var two = RectifiedVarianceSimulation.Run(new RectifiedVarianceSettings(Trajectories: 1500, Iterations: 300, Threads: 2));
        Assert.Equal(one.Variance, two.Variance);
    }

    [Fact]
    public void Beta2ThatNeverRectifiesIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => RectifiedVarianceSimulation.Run(new RectifiedVarianceSettings(Beta2: 0.5)));
        Assert.Contains("0.6", e.Message, StringComparison.Ordinal);
    }
}
