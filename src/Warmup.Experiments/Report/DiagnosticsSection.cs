using System.Globalization;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Diagnostics;
using Warmup.Reports;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>The diagnostics of Ma and Yarats' Fig. 1 and Liu et al.'s Fig. 2 at the configuration the papers dwell on: one panel per diagnostic, and gradient histograms.</summary>
internal sealed class DiagnosticsSection : IReportSection
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
        // The configuration the papers dwell on: beta2 = 0.999 if present, at the largest learning rate; seed 1.
        var (lr, beta2) = configurations.Where(c => c.Beta2 == configurations.Max(x => x.Beta2)).MaxBy(c => c.LearningRate);
        var chosen = methods.Select(m => runs.Where(r => r.LearningRate == lr && r.Beta2 == beta2 && r.Method == m).MinBy(r => r.Seed))
            .Where(r => r is not null).Select(r => (Run: r!, Points: db.Diagnostics(r!.Id))).Where(x => x.Points.Count > 0).ToList();
        if (chosen.Count == 0)
        {
            return;
        }

        md.Paragraph(
            $"Diagnostics at lr = {Number(lr)}, beta2 = {Number(beta2)} (first seed), as in Ma & Yarats' Fig. 1 and Liu et al.'s Fig. 2: the effective learning " +
            "rate; the median over parameter entries of |update| / effective learning rate; the correlation of |m_t| with sqrt(v_t) across entries; " +
            "the median coefficient of variation of the minibatch gradient, sigma / (sqrt(batch size) |mu|), with sigma from the individual gradients " +
            "of 16 probe examples and mu from a fixed batch of 4 x batch size examples (unbiased for mu^2; +infinity where the noise swamps it); the fraction of gradient entries that are exactly zero (ReLU units that no longer fire); and " +
            "histograms of log10 |g| of the non-zero entries (as fractions of all entries; the legend gives the zero fraction).");
        DiagnosticPanel[] panels = [new("lr", "effective learning rate", d => d.LearningRate), .. TrainingDiagnostics.All.SelectMany(d => d.Panels)];
        foreach (var (name, label, value, logY) in panels)
        {
            var series = chosen.Select(c => (c.Run.Method, Points: c.Points.Where(p => value(p) is double v && double.IsFinite(v)).ToList()))
                .Where(c => c.Points.Count > 0)
                .Select(c => new Series(c.Method, [.. c.Points.Select(p => (double)p.Step)], [.. c.Points.Select(p => value(p)!.Value)], Color: ExperimentMethods.Rank(c.Method)))
                .ToList();
            if (series.Count == 0)
            {
                continue;
            }

            string file = FileName($"{task}_diagnostic_{name}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: {label} (lr = {Number(lr)}, beta2 = {Number(beta2)})", "step (log)", label, series, logY: logY, logX: true);
            md.Image($"{task}: {label}", link(file));
        }

        foreach (var (run, points) in chosen.Where(c => c.Run.Method is "adam" or "untuned-linear"))
        {
            int[] wanted = [1, 2, 5, 10, 100, points[^1].Step];
            var series = points.Where(p => wanted.Contains(p.Step)).Select((p, i) =>
            {
                int[] counts = GradientHistogramDiagnostic.Counts(p);
                double total = Math.Max(1, counts.Sum(c => (double)c));
                string zeros = string.Create(CultureInfo.InvariantCulture, $"{100 * counts[Histogram.ZeroBin] / total:F0} % zero");
                return new Series($"step {p.Step} ({zeros})", [.. Enumerable.Range(1, Histogram.Bins - 1).Select(Histogram.Centre)], [.. counts.Skip(1).Select(c => c / total)], Color: i);
            }).ToList();
            string file = FileName($"{task}_gradient_histogram_{run.Method}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: histogram of log10 |g|, {run.Method} (lr = {Number(lr)})", "log10 |g|", "fraction of entries", series);
            md.Image($"{task}: gradient histogram, {run.Method}", link(file));
        }
    }
}
