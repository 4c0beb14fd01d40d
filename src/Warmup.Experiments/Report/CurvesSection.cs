using Warmup.Experiments.Methods;
using Warmup.Reports;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>Training curves per configuration: the loss averaged over logging windows, then over the seeds still running.</summary>
internal sealed class CurvesSection : IReportSection
{
    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var task = report.Task;
        var methods = report.Methods;
        var configurations = report.Configurations;
        var md = report.Md;
        var link = report.Link;
        md.Paragraph("Training curves: the minibatch loss averaged over logging windows, then over the seeds still running (a diverged run leaves the mean where it diverged).");
        foreach (var (lr, beta2) in configurations)
        {
            string file = FileName($"{task}_curves_lr{Number(lr)}_beta2{Number(beta2)}.png");
            Chart(report, lr, beta2, methods, file);
            md.Image($"{task} training curves at lr {Number(lr)}, beta2 {Number(beta2)}", link(file));
        }
    }

    /// <summary>Draws the mean training curve of each of <paramref name="methods"/> that has runs at (lr, beta2) into <paramref name="file"/>.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="lr">The learning rate.</param>
    /// <param name="beta2">The beta2.</param>
    /// <param name="methods">The methods, in order.</param>
    /// <param name="file">The figure's file name in <see cref="TaskReport.Figures"/>.</param>
    public static void Chart(TaskReport report, double lr, double beta2, IEnumerable<string> methods, string file)
    {
        var series = new List<Series>();
        foreach (var method in methods)
        {
            var curves = report.Runs.Where(r => r.LearningRate == lr && r.Beta2 == beta2 && r.Method == method).Select(r => report.Db.Curve(r.Id)).Where(c => c.Count > 0).ToList();
            if (curves.Count == 0)
            {
                continue;
            }

            // At each logged step, the mean over the seeds still running (a diverged seed drops out, the others go on), and
            // a band from the lowest to the highest seed there.
            var longest = curves.MaxBy(c => c.Count)!;
            var at = Enumerable.Range(0, longest.Count).Select(k => curves.Where(c => c.Count > k).Select(c => c[k].TrainLoss).ToList()).ToList();
            series.Add(new Series(
                method,
                [.. longest.Select(p => (double)p.Step)],
                [.. at.Select(v => v.Average())],
                Color: ExperimentMethods.Rank(method),
                Low: curves.Count > 1 ? [.. at.Select(v => v.Min())] : null,
                High: curves.Count > 1 ? [.. at.Select(v => v.Max())] : null,
                Shaded: true));
        }

        LineChart.Save(Path.Combine(report.Figures, file), $"{report.Title}: training loss, lr {Number(lr)}, beta2 {Number(beta2)} (mean over seeds, band: min to max)", "step", "training loss", series, logY: true);
    }
}
