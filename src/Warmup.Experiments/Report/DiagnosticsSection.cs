using System.Globalization;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
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
        var chosen = FirstSeeds(report, lr, beta2, methods);
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
        foreach (var panel in Panels)
        {
            if (Chart(report, chosen, lr, beta2, panel, FileName($"{task}_diagnostic_{panel.File}.png")) is { } file)
            {
                md.Image($"{task}: {panel.Label}", link(file));
            }
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
            LineChart.Save(Path.Combine(figures, file), $"{report.Title}: histogram of log10 |g|, {run.Method}, lr {Number(lr)}", "log10 |g|", "fraction of entries", series);
            md.Image($"{task}: gradient histogram, {run.Method}", link(file));
        }
        }

    /// <summary>Every panel: the effective learning rate, then each diagnostic's.</summary>
    public static IReadOnlyList<DiagnosticPanel> Panels { get; } = [new("lr", "effective learning rate", d => d.LearningRate), .. TrainingDiagnostics.All.SelectMany(d => d.Panels)];

    /// <summary>The first seed's run of each method at (lr, beta2) that has diagnostics, with them.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="lr">The learning rate.</param>
    /// <param name="beta2">The beta2.</param>
    /// <param name="methods">The methods, in order.</param>
    public static List<(StoredRun Run, List<DiagnosticPoint> Points)> FirstSeeds(TaskReport report, double lr, double beta2, IEnumerable<string> methods) =>
        methods.Select(m => report.Runs.Where(r => r.LearningRate == lr && r.Beta2 == beta2 && r.Method == m).MinBy(r => r.Seed))
            .Where(r => r is not null).Select(r => (Run: r!, Points: report.Db.Diagnostics(r!.Id))).Where(x => x.Points.Count > 0).ToList();

    /// <summary>Draws one panel for the chosen runs into <paramref name="file"/>; returns the file, or null when no run has the panel's values.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="chosen">The runs (<see cref="FirstSeeds"/>).</param>
    /// <param name="lr">Their learning rate, for the title.</param>
    /// <param name="beta2">Their beta2, for the title.</param>
    /// <param name="panel">The panel.</param>
    /// <param name="file">The figure's file name in <see cref="TaskReport.Figures"/>.</param>
    public static string? Chart(TaskReport report, List<(StoredRun Run, List<DiagnosticPoint> Points)> chosen, double lr, double beta2, DiagnosticPanel panel, string file)
    {
        var series = chosen.Select(c => (c.Run.Method, Points: c.Points.Where(p => panel.Value(p) is double v && double.IsFinite(v)).ToList()))
            .Where(c => c.Points.Count > 0)
            .Select(c => new Series(c.Method, [.. c.Points.Select(p => (double)p.Step)], [.. c.Points.Select(p => panel.Value(p)!.Value)], Color: ExperimentMethods.Rank(c.Method)))
            .ToList();
        if (series.Count == 0)
        {
            return null;
        }

        LineChart.Save(Path.Combine(report.Figures, file), $"{report.Title}: {panel.Label}, lr {Number(lr)}, beta2 {Number(beta2)}", "step", panel.Label, series, logY: panel.LogY, logX: true);
        return file;
    }
}
