using Warmup.Analysis.Analyses;
using Warmup.Analysis.Random;

namespace Warmup.Analysis.Tests.Analyses;

public class UpdateMagnitudeSimulationTests
{
    /// <summary>
    /// An independent, plain double-precision Adam on the same gradient streams (odd iterations use the first normal of
    /// each Box-Muller pair, even ones the second), with quantiles by sorting: the simulation must match it.
    /// </summary>
    [Fact]
    public void MatchesAPlainAdamOnTheSameGradients()
    {
        var settings = new UpdateMagnitudeSettings(Parameters: 203, Iterations: 300, Beta1: 0.85, Beta2: 0.99, Eps: 1e-3, Seed: 5);
        var result = UpdateMagnitudeSimulation.Run(settings);

        int padded = (settings.Parameters + 7) & ~7;
        var streams = new NormalStreams(settings.Seed, padded);
        var z1 = new float[padded];
        var z2 = new float[padded];
        var m = new double[settings.Parameters];
        var v = new double[settings.Parameters];
        for (int t = 1; t <= settings.Iterations; t++)
        {
            if (t % 2 == 1)
            {
                streams.NextPair(0, z1, z2);
            }

            var z = t % 2 == 1 ? z1 : z2;
            var u = new double[settings.Parameters];
            for (int i = 0; i < settings.Parameters; i++)
            {
                m[i] = (settings.Beta1 * m[i]) + ((1 - settings.Beta1) * z[i]);
                v[i] = (settings.Beta2 * v[i]) + ((1 - settings.Beta2) * z[i] * z[i]);
                double mHat = m[i] / (1 - Math.Pow(settings.Beta1, t));
                double vHat = v[i] / (1 - Math.Pow(settings.Beta2, t));
                u[i] = Math.Abs(mHat / (Math.Sqrt(vHat) + settings.Eps));
            }

            Array.Sort(u);
            for (int k = 0; k < 5; k++)
            {
                double h = (u.Length - 1) * UpdateMagnitudeSettings.Probabilities[k];
                int lo = (int)Math.Floor(h);
                double expected = u[lo] + ((h - lo) * (u[Math.Min(lo + 1, u.Length - 1)] - u[lo]));
                // Float32 moments: small |update| come from small m, which carries float32's absolute error.
                Assert.True(Math.Abs(result.Quantiles[t - 1][k] - expected) <= 1e-6 + (1e-5 * expected), $"t = {t}, quantile {k}: {result.Quantiles[t - 1][k]} vs {expected}");
            }
        }
    }

    /// <summary>Ma and Yarats, Section 3.2: with eps = 0, every update of the first iteration is exactly +-lr.</summary>
    [Fact]
    public void EveryFirstUpdateIsExactlyOneWithoutEps()
    {
        var result = UpdateMagnitudeSimulation.Run(new UpdateMagnitudeSettings(Parameters: 5000, Iterations: 3));
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 1.0], result.Quantiles[0]);
        Assert.True(result.Quantiles[1][0] < 1);
    }

    [Fact]
    public void TheNumbersDoNotDependOnTheThreadCount()
    {
        var one = UpdateMagnitudeSimulation.Run(new UpdateMagnitudeSettings(Parameters: 4000, Iterations: 700, Threads: 1));
        var two = UpdateMagnitudeSimulation.Run(new UpdateMagnitudeSettings(Parameters: 4000, Iterations: 700, Threads: 2));
        Assert.Equal(one.Quantiles, two.Quantiles);
    }

    /// <summary>
    /// The stationary median tends to 0.67449 sqrt((1 - beta1)/(1 + beta1)) = 0.1547 (the update tends to m/sigma,
    /// normal with that variance); with 6,000 parameters over the last 1,000 of 3,000 iterations it is within 1 %.
    /// </summary>
    [Fact]
    public void TheStationaryMedianIsTheClosedForm()
    {
        var result = UpdateMagnitudeSimulation.Run(new UpdateMagnitudeSettings(Parameters: 6000, Iterations: 3000));
        Assert.Equal(0.6744897501960817 * Math.Sqrt(0.1 / 1.9), result.StationaryMedian(1000), 0.0016);
    }

    [Theory]
    [InlineData(0, 10, 0.9, 0.999, 0.0, "parameters must be at least 1 (got 0).")]
    [InlineData(10, -1, 0.9, 0.999, 0.0, "iterations must be at least 1 (got -1).")]
    [InlineData(10, 10, 1.0, 0.999, 0.0, "beta1 must be in [0, 1) (got 1).")]
    [InlineData(10, 10, 0.9, -0.5, 0.0, "beta2 must be in [0, 1) (got -0.5).")]
    [InlineData(10, 10, 0.9, 0.999, -1.0, "eps must be a finite number >= 0 (got -1).")]
    public void BadSettingsSayWhich(int parameters, int iterations, double beta1, double beta2, double eps, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => UpdateMagnitudeSimulation.Run(new UpdateMagnitudeSettings(parameters, iterations, beta1, beta2, eps)));
        Assert.Equal(message, e.Message);
    }
}
