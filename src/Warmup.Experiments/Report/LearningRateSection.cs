using Warmup.Experiments.Methods;
using Warmup.Reports;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>Liu et al.'s Fig. 6 kind of plot: the final metric against the learning rate, one line per method, per beta2.</summary>
internal sealed class LearningRateSection : IReportSection
{
    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var runs = report.Runs;
        var task = report.Task;
        var methods = report.Methods;
        var configurations = report.Configurations;
        var cell = report.Cell;
        var metric = report.Metric;
        var md = report.Md;
        var figures = report.Figures;
        var link = report.Link;
        var lrs = configurations.Select(c => c.LearningRate).Distinct().Order().ToList();
        if (lrs.Count < 2)
        {
            return;
        }

        md.Paragraph($"Final {metric} against the learning rate, for the methods run at two learning rates or more (mean over seeds with its 95 % t interval; a method's line stops where all its runs diverged):");
        foreach (var beta2 in configurations.Select(c => c.Beta2).Distinct().Order())
        {
            var series = methods.Select(m => (Method: m, Points: lrs.Where(lr => cell.TryGetValue((lr, beta2, m), out var s) && s.Values.Count > 0).ToList()))
                .Where(x => x.Points.Count >= 2)
                .Select(x => new Series(
                    x.Method,
                    x.Points,
                    [.. x.Points.Select(lr => cell[(lr, beta2, x.Method)].Mean)],
                    Color: ExperimentMethods.Rank(x.Method),
                    Low: [.. x.Points.Select(lr => cell[(lr, beta2, x.Method)].MeanInterval().Low)],
                    High: [.. x.Points.Select(lr => cell[(lr, beta2, x.Method)].MeanInterval().High)]))
                .ToList();
            if (series.Count == 0)
            {
                continue;
            }

            string file = FileName($"{task}_metric_vs_lr_beta2{Number(beta2)}.png");
            LineChart.Save(Path.Combine(figures, file), $"{report.Title}: final {metric} vs learning rate, beta2 {Number(beta2)} (95 % intervals)", "learning rate", metric, series, logX: true);
            md.Image($"{task}: {metric} against the learning rate at beta2 {Number(beta2)}", link(file));
        }
    }
}
