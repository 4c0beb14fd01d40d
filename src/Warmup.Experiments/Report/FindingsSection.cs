using System.Globalization;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>Whether untuned linear, untuned exponential and RAdam differ by more than seed noise, and how Adam without warmup fares.</summary>
internal sealed class FindingsSection : IReportSection
{
    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var runs = report.Runs;
        var configurations = report.Configurations;
        var cell = report.Cell;
        var metric = report.Metric;
        var higherIsBetter = report.HigherIsBetter;
        var md = report.Md;
        string[] trio = ["untuned-linear", "untuned-exp", "radam"];
        var rows = new List<IReadOnlyList<string>>();
        var adamAhead = new List<(double LearningRate, double Beta2)>();
        int compared = 0, within = 0, undecided = 0;
        foreach (var (lr, beta2) in configurations)
        {
            var cells = trio.Select(m => cell.GetValueOrDefault((lr, beta2, m))).ToList();
            if (cells.Any(c => c is null))
            {
                continue;
            }

            var (same, gap, verdict) = Findings.Indistinguishable(cells!);
            (compared, within, undecided) = same switch
            {
                true => (compared + 1, within + 1, undecided),
                false => (compared + 1, within, undecided),
                null => (compared, within, undecided + 1),
            };
            string adamVsLinear = "-";
            if (cell.TryGetValue((lr, beta2, "adam"), out var adam))
            {
                adamVsLinear = Findings.Versus(("adam", adam), ("untuned-linear", cells[0]!), higherIsBetter);
                if (Findings.Compare(adam, cells[0]!, higherIsBetter) == Comparison.Better)
                {
                    adamAhead.Add((lr, beta2));
                }
            }

            rows.Add([Number(lr), Number(beta2), gap is double g ? Number(g, 3) : "-", verdict, adamVsLinear]);
        }

        if (rows.Count == 0)
        {
            return;
        }

        md.Paragraph(
                $"**Findings.** Untuned linear, untuned exponential and RAdam are indistinguishable within seed noise (the same number of diverged " +
                $"runs, and every pairwise gap in the mean {metric} within twice its standard error) in {within} of {compared} configurations" +
                $"{(undecided > 0 ? $" ({undecided} more could not be told apart: under 2 finite runs)" : string.Empty)}. The last column is Adam " +
                "without warmup minus untuned linear warmup, with the same test of seed noise (more diverged runs count as worse):")
            .Table(["lr", "beta2", "largest gap among the three", "within noise", "adam - untuned-linear"], rows);
        if (adamAhead.Count > 0)
        {
            md.Paragraph(WhyNoWarmupWins(adamAhead, runs.Max(r => r.Steps)));
        }
    }

    // Where Adam without warmup wins, how much of the run untuned linear warmup spends below the full rate.
    private static string WhyNoWarmupWins(List<(double LearningRate, double Beta2)> configurations, int steps)
    {
        var parts = configurations.Select(c =>
        {
            double tau = Core.Schedules.WarmupSchedule.UntunedLinear(c.Beta2).Tau;
            return string.Create(CultureInfo.InvariantCulture, $"at lr {Number(c.LearningRate)}, beta2 {Number(c.Beta2)} the ramp lasts {tau:F0} of the {steps:N0} steps ({Math.Min(1, tau / steps):P0})");
        });
        return "Where Adam without warmup beats untuned linear warmup beyond seed noise, the warmup's cost is its ramp: the rate is below the " +
            "full rate (at half of it on average) for 2/(1 - beta2) steps: " + string.Join("; ", parts) + ". Warmup buys stability at a " +
            "rate where Adam fails; where it does not fail, the ramp is steps at a lower rate, a cost that shrinks as the run grows longer.";
    }
}
