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
        var db = report.Db;
        var runs = report.Runs;
        var task = report.Task;
        var methods = report.Methods;
        var configurations = report.Configurations;
        var md = report.Md;
        var figures = report.Figures;
        var link = report.Link;
        md.Paragraph("Training curves: the minibatch loss averaged over logging windows, then over the seeds still running (a diverged run leaves the mean where it diverged).");
        foreach (var (lr, beta2) in configurations)
        {
            var series = new List<Series>();
            for (int i = 0; i < methods.Count; i++)
            {
                var curves = runs.Where(r => r.LearningRate == lr && r.Beta2 == beta2 && r.Method == methods[i]).Select(r => db.Curve(r.Id)).Where(c => c.Count > 0).ToList();
                if (curves.Count == 0)
                {
                    continue;
                }

                // At each logged step, the mean over the seeds still running: a diverged seed drops out, the others go on.
                var longest = curves.MaxBy(c => c.Count)!;
                series.Add(new Series(methods[i], [.. longest.Select(p => (double)p.Step)], [.. Enumerable.Range(0, longest.Count).Select(k => curves.Where(c => c.Count > k).Average(c => c[k].TrainLoss))], Color: ExperimentMethods.Rank(methods[i])));
            }

            string file = FileName($"{task}_curves_lr{Number(lr)}_beta2{Number(beta2)}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: training loss, lr = {Number(lr)}, beta2 = {Number(beta2)}", "step", "training loss", series, logY: true);
            md.Image($"{task} training curves at lr {Number(lr)}, beta2 {Number(beta2)}", link(file));
        }
    }
}
