namespace Warmup.Analysis.Analyses;

/// <summary>The quantiles of |update| / lr at every iteration of <see cref="UpdateMagnitudeSimulation"/>.</summary>
/// <param name="Settings">What was simulated.</param>
/// <param name="Quantiles">Row t - 1 holds the quantiles of iteration t, in the order of <see cref="UpdateMagnitudeSettings.Probabilities"/>.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Simulating">Of which simulating (the rest is computing quantiles).</param>
public sealed record UpdateMagnitudeResult(UpdateMagnitudeSettings Settings, double[][] Quantiles, TimeSpan Elapsed, TimeSpan Simulating)
{
    /// <summary>The median |update| / lr at the 1-based iteration t.</summary>
    /// <param name="t">The iteration.</param>
    public double MedianAt(int t) => Quantiles[t - 1][2];

    /// <summary>The median over the last <paramref name="iterations"/> iterations' medians: the stationary median.</summary>
    /// <param name="iterations">How many final iterations to pool.</param>
    public double StationaryMedian(int iterations)
    {
        var medians = Quantiles.Skip(Math.Max(0, Quantiles.Length - iterations)).Select(q => q[2]).Order().ToArray();
        return medians[medians.Length / 2];
    }
}
