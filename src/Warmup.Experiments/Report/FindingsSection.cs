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
            string adamVsLinear = cell.TryGetValue((lr, beta2, "adam"), out var adam) ? Findings.AdamVersusLinear(adam, cells[0]!, higherIsBetter) : "-";
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
    }
}
