namespace Warmup.Analysis.Analyses;

/// <summary>
/// Liu et al.'s variance analysis: Eq. 4 (exact) and Eq. 6 (first order) over rho = 5..500 (Fig. 8), Theorem 1's
/// monotonic decrease checked on a fine grid of rho in (4, 500], and the claim that the variance at rho = 5 is over
/// 100 times that at rho = 500.
/// </summary>
public static class VarianceAnalysis
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="maxRho">Largest integer rho of the table (default 500).</param>
    /// <param name="gridStep">Step of the monotonicity grid (default 0.001).</param>
    public static VarianceResult Run(int maxRho = 500, double gridStep = 1e-3)
    {
        Require.AtLeastOne(maxRho - 5, "max rho - 5");
        if (!(gridStep > 0) || gridStep > 1)
        {
            throw new ArgumentException($"grid step must be in (0, 1] (got {gridStep}).");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = Enumerable.Range(5, maxRho - 4).Select(r => new VarianceRow(r, AdaptiveRateVariance.Exact(r), AdaptiveRateVariance.FirstOrder(r))).ToList();
        bool decreasing = true;
        int points = 0;
        double previous = double.PositiveInfinity;
        for (double rho = 4 + gridStep; rho <= maxRho; rho += gridStep)
        {
            double v = AdaptiveRateVariance.Exact(rho);
            decreasing &= v < previous;
            previous = v;
            points++;
        }

        return new VarianceResult(
            rows,
            decreasing,
            points,
            AdaptiveRateVariance.Exact(5) / AdaptiveRateVariance.Exact(500),
            AdaptiveRateVariance.FirstOrder(5) / AdaptiveRateVariance.FirstOrder(500),
            clock.Elapsed);
    }
}
