using Warmup.Analysis.Analyses;
using Warmup.Reports;

namespace Warmup.Analysis.Report;

/// <summary>Adam's update magnitudes at a simulated minimum (Ma and Yarats Fig. 2) in the report.</summary>
public static class UpdateMagnitudeSection
{
    /// <summary>Writes update_magnitude.csv and the fan charts and appends the section.</summary>
    public static Section Write(UpdateMagnitudeResult r, string dir, MarkdownReport md)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(md);
        var s = r.Settings;
        int n = s.Iterations;
        CsvTable.Write(
            Path.Combine(dir, "update_magnitude.csv"),
            ["iteration", "q02.5", "q25", "q50", "q75", "q97.5"],
            r.Quantiles.Select((q, i) => (IReadOnlyList<object>)[i + 1, q[0], q[1], q[2], q[3], q[4]]));
        Fan(r, Path.Combine(dir, "update_magnitude_first.png"), Math.Min(n, 1000), logX: false);
        Fan(r, Path.Combine(dir, "update_magnitude.png"), n, logX: true);

        // With v_hat -> sigma^2, the update tends to m / sigma ~ N(0, (1 - beta1)/(1 + beta1)): median |u| = 0.67449 sqrt(that).
        double theory = 0.6744897501960817 * Math.Sqrt((1 - s.Beta1) / (1 + s.Beta1));
        double stationary = r.StationaryMedian(Math.Max(1, n / 2));
        var checkpoints = new[] { 1, 2, 5, 10, 40, 100, 1000, n }.Where(t => t <= n).Distinct().ToList();
        bool allOne = r.Quantiles[0].All(q => q == 1.0);
        md.Heading(2, "Update magnitudes at a simulated local minimum")
            .Paragraph(
                $"{s.Parameters:N0} parameters receive i.i.d. N(0, 1) gradients (the scale does not matter with eps = {s.Eps}) and Adam " +
                $"runs {n:N0} iterations with beta1 = {s.Beta1}, beta2 = {s.Beta2}; at every iteration we take the 2.5, 25, 50, 75 and " +
                $"97.5 % quantiles of |update| / lr over the parameters (exact, NumPy's linear definition). Simulated in {r.Elapsed.TotalSeconds:F2} s " +
                $"({r.Simulating.TotalSeconds:F2} s drawing gradients and stepping, the rest quantiles).")
            .Paragraph(
                $"The paper (Section 3.3, Fig. 2) reports every update equal to 1 at t = 1, a median near 0.16 after about 40 iterations and a " +
                $"stationary median of about 0.153 over 10,000 iterations. Here: at t = 1 {(allOne ? "all five quantiles are exactly 1" : "the quantiles are " + string.Join(", ", r.Quantiles[0]))}; " +
                $"the median is {r.MedianAt(Math.Min(40, n)):F4} at t = {Math.Min(40, n)}; the median of the last {Math.Max(1, n / 2):N0} iterations' medians is " +
                $"{stationary:F4}. In the stationary limit v_hat tends to the gradient variance and the update to m / sigma ~ N(0, (1 - beta1)/(1 + beta1)), " +
                $"whose median absolute value is {theory:F4}.")
            .Table(["iteration", "2.5 %", "25 %", "median", "75 %", "97.5 %"], checkpoints.Select(t => (IReadOnlyList<string>)[$"{t}", .. r.Quantiles[t - 1].Select(q => MarkdownReport.Number(q, 4))]))
            .Image("Quantiles of |update|/lr, first iterations", "update_magnitude_first.png")
            .Image("Quantiles of |update|/lr, all iterations (log t)", "update_magnitude.png");
        return new Section(
            "update_magnitude",
            new
            {
                s.Parameters,
                s.Iterations,
                s.Beta1,
                s.Beta2,
                s.Eps,
                s.Seed,
                MedianAt = checkpoints.ToDictionary(t => $"{t}", t => r.MedianAt(t)),
                StationaryMedian = stationary,
                TheoreticalStationaryMedian = theory,
                ElapsedSeconds = r.Elapsed.TotalSeconds,
            },
            r.Elapsed);
    }

    private static void Fan(UpdateMagnitudeResult r, string path, int upTo, bool logX)
    {
        double[] x = [.. Enumerable.Range(1, upTo).Select(t => (double)t)];
        double[] Column(int k) => [.. r.Quantiles.Take(upTo).Select(q => q[k])];
        FanChart.Save(
            path,
            $"|update| / lr at a simulated minimum, {r.Settings.Parameters:N0} parameters (Ma & Yarats Fig. 2)",
            "iteration",
            "|update| / lr",
            x,
            [new Band("2.5-97.5 %", Column(0), Column(4)), new Band("25-75 %", Column(1), Column(3))],
            new Series("median", x, Column(2)),
            logX);
    }
}
