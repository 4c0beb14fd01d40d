using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Liu et al.'s Fig. 6: how much each method's final metric moves across the learning rates swept (the spread
/// between its best and worst mean, a diverged configuration counting as the worst), at each beta2.
/// </summary>
internal sealed class RobustnessSection : IReportSection
{
    private static readonly string[] Compared = ["adam", "untuned-linear", "radam", "sgd"];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Methods.Contains("sgd") || !report.Methods.Contains("radam"))
        {
            return;
        }

        var methods = MethodTable.Present(report, Compared);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var beta2 in report.Configurations.Select(c => c.Beta2).Distinct().Order())
        {
            var lrs = MethodTable.Where(report, methods).Where(c => c.Beta2 == beta2).Select(c => c.LearningRate).ToList();
            if (lrs.Count < 3)
            {
                continue;
            }

            var spreads = methods.Select(m => (Method: m, Spread: Spread([.. lrs.Select(lr => report.Cell[(lr, beta2, m)])]))).ToList();
            var steadiest = spreads.Where(s => double.IsFinite(s.Spread)).MinBy(s => s.Spread);
            rows.Add([Number(beta2), $"{Number(lrs.Min())} to {Number(lrs.Max())} ({lrs.Count})", .. spreads.Select(s => double.IsFinite(s.Spread) ? Number(s.Spread, 3) : "diverged somewhere"), steadiest.Method ?? "-"]);
        }

        if (rows.Count == 0)
        {
            return;
        }

        report.Md.Heading(3, $"Robustness to the learning rate ({report.Task})")
            .Paragraph(
                $"Liu et al. (Fig. 6) find RAdam robust to the learning rate where Adam and SGD are not. Here, the spread of each method's mean final {report.Metric} " +
                "over the learning rates swept (best minus worst; a learning rate where a run diverged makes it infinite); the table above and the plot " +
                "against the learning rate give the values:")
            .Table(["beta2", "learning rates", .. methods, "smallest spread"], rows);
    }

    private static double Spread(IReadOnlyList<CellStatistics> cells) =>
        cells.Any(c => c.Diverged > 0) ? double.PositiveInfinity : cells.Max(c => c.Mean) - cells.Min(c => c.Mean);
}
