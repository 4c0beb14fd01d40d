using System.Globalization;
using Warmup.Analysis.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training.Tasks;
using Warmup.Experiments.Training;
using Warmup.Reports;

namespace Warmup.Experiments.Reporting;

/// <summary>
/// The papers' kind of report from a sweep database: per task, tables with rows learning rate x beta2 and columns
/// methods (mean ± std over seeds), training curves, the diagnostics of Ma and Yarats' Fig. 1 and Liu et al.'s Fig. 2,
/// and findings computed from the numbers.
/// </summary>
public static class ExperimentReport
{
    private static readonly string[] MethodOrder = ["adam", "untuned-linear", "untuned-exp", "radam", "adam+radam-warmup", "adam-2k", "adam-eps", "sgd"];

    /// <summary>Appends the sections for every task in the database; figures go to <paramref name="figures"/>.</summary>
    /// <param name="db">The sweep database.</param>
    /// <param name="md">The report.</param>
    /// <param name="figures">Folder for PNG files.</param>
    /// <param name="figureLink">Turns a figure's file name into the link written in the report.</param>
    public static void Write(SweepDatabase db, MarkdownReport md, string figures, Func<string, string> figureLink)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(figureLink);
        Directory.CreateDirectory(figures);
        var runs = db.Runs();
        if (runs.Count == 0)
        {
            md.Paragraph("The sweep database holds no finished run yet.");
            return;
        }

        // One section per task and configuration: runs that differ in anything but method, lr, beta2 and seed (say,
        // their number of steps) are never averaged together.
        foreach (var byTask in runs.GroupBy(r => r.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var configurations = byTask.GroupBy(r => r.Configuration).OrderBy(g => g.Min(r => r.Id)).ToList();
            bool one = configurations.Count == 1;
            for (int i = 0; i < configurations.Count; i++)
            {
                WriteTask(db, [.. configurations[i]], one ? byTask.Key : $"{byTask.Key}-{i + 1}", one ? null : configurations[i].Key, md, figures, figureLink);
            }
        }
    }

    private static void WriteTask(SweepDatabase db, List<StoredRun> runs, string task, string? configuration, MarkdownReport md, string figures, Func<string, string> link)
    {
        var methods = runs.Select(r => r.Method).Distinct().OrderBy(Rank).ThenBy(m => m, StringComparer.Ordinal).ToList();
        var configurations = runs.Select(r => (r.LearningRate, r.Beta2)).Distinct().OrderBy(c => c.LearningRate).ThenBy(c => c.Beta2).ToList();
        string metric = runs[0].MetricName;
        bool higherIsBetter = (TrainingTasks.All.FirstOrDefault(t => t.Name == runs[0].Task) ?? throw new InvalidDataException(
            $"The database holds runs of task '{runs[0].Task}', which this build does not know ({string.Join(", ", TrainingTasks.Names)}); report it with the build that wrote it.")).HigherIsBetter;
        var cell = runs.GroupBy(r => (r.LearningRate, r.Beta2, r.Method))
            .ToDictionary(g => g.Key, g => new CellStatistics(g.Where(r => r.TestMetric is not null).Select(r => r.TestMetric!.Value).ToList(), g.Count()));
        var trainCell = runs.GroupBy(r => (r.LearningRate, r.Beta2, r.Method))
            .ToDictionary(g => g.Key, g => new CellStatistics(g.Where(r => r.FinalTrainLoss is not null).Select(r => r.FinalTrainLoss!.Value).ToList(), g.Count()));

        md.Heading(2, $"{task}: {metric}")
            .Paragraph($"{(configuration is null ? string.Empty : $"Configuration `{configuration}`. ")}Data: {runs[0].DataNote}. {runs.Count} runs, {Seeds(runs)}, {runs.Max(r => r.Steps):N0} steps each; " +
                $"{runs.Sum(r => r.Seconds) / 60:F1} minutes of training in all. Cells: mean ± standard deviation over seeds of the final {metric} " +
                $"({(higherIsBetter ? "higher" : "lower")} is better); diverged runs (a non-finite loss) are counted apart.")
            .Table(
                ["lr", "beta2", .. methods],
                configurations.Select(c => (IReadOnlyList<string>)[Number(c.LearningRate), Number(c.Beta2), .. methods.Select(m => cell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) ? s.Format(2) : "-")]))
            .Paragraph("Final training loss (on a fixed subset of the training data):")
            .Table(
                ["lr", "beta2", .. methods],
                configurations.Select(c => (IReadOnlyList<string>)[Number(c.LearningRate), Number(c.Beta2), .. methods.Select(m => trainCell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) ? s.Format(3) : "-")]));

        WriteFindings(md, configurations, methods, cell, metric, higherIsBetter);
        LearningRateSensitivity(task, methods, configurations, cell, metric, md, figures, link);
        Curves(db, runs, task, methods, configurations, md, figures, link);
        DiagnosticFigures(db, runs, task, methods, configurations, md, figures, link);
    }

    // Whether untuned linear, untuned exponential and RAdam differ by more than seed noise, and how Adam without warmup fares.
    private static void WriteFindings(MarkdownReport md, List<(double LearningRate, double Beta2)> configurations, List<string> methods, Dictionary<(double, double, string), CellStatistics> cell, string metric, bool higherIsBetter)
    {
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

    // Liu et al.'s Fig. 6 kind of plot: the final metric against the learning rate, one line per method, per beta2.
    private static void LearningRateSensitivity(string task, List<string> methods, List<(double LearningRate, double Beta2)> configurations, Dictionary<(double, double, string), CellStatistics> cell, string metric, MarkdownReport md, string figures, Func<string, string> link)
    {
        var lrs = configurations.Select(c => c.LearningRate).Distinct().Order().ToList();
        if (lrs.Count < 2)
        {
            return;
        }

        md.Paragraph($"Final {metric} against the learning rate (mean over seeds; a method's line stops where all its runs diverged):");
        foreach (var beta2 in configurations.Select(c => c.Beta2).Distinct().Order())
        {
            var series = methods.Select(m => (Method: m, Points: lrs.Where(lr => cell.TryGetValue((lr, beta2, m), out var s) && s.Values.Count > 0).ToList()))
                .Where(x => x.Points.Count > 0)
                .Select(x => new Series(x.Method, x.Points, [.. x.Points.Select(lr => cell[(lr, beta2, x.Method)].Mean)], Color: Rank(x.Method)))
                .ToList();
            string file = FileName($"{task}_metric_vs_lr_beta2{Number(beta2)}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: final {metric} vs learning rate, beta2 = {Number(beta2)}", "learning rate (log)", metric, series, logX: true);
            md.Image($"{task}: {metric} against the learning rate at beta2 {Number(beta2)}", link(file));
        }
    }

    private static void Curves(SweepDatabase db, List<StoredRun> runs, string task, List<string> methods, List<(double LearningRate, double Beta2)> configurations, MarkdownReport md, string figures, Func<string, string> link)
    {
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
                series.Add(new Series(methods[i], [.. longest.Select(p => (double)p.Step)], [.. Enumerable.Range(0, longest.Count).Select(k => curves.Where(c => c.Count > k).Average(c => c[k].TrainLoss))], Color: Rank(methods[i])));
            }

            string file = FileName($"{task}_curves_lr{Number(lr)}_beta2{Number(beta2)}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: training loss, lr = {Number(lr)}, beta2 = {Number(beta2)}", "step", "training loss", series, logY: true);
            md.Image($"{task} training curves at lr {Number(lr)}, beta2 {Number(beta2)}", link(file));
        }
    }

    private static void DiagnosticFigures(SweepDatabase db, List<StoredRun> runs, string task, List<string> methods, List<(double LearningRate, double Beta2)> configurations, MarkdownReport md, string figures, Func<string, string> link)
    {
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
        var panels = new (string Name, string Label, Func<DiagnosticPoint, double?> Value, bool LogY)[]
        {
            ("lr", "effective learning rate", d => d.LearningRate, false),
            ("update", "median |update| / lr", d => d.MedianUpdate, false),
            ("correlation", "corr(|m_t|, sqrt(v_t))", d => d.MomentCorrelation, false),
            ("cv", "median coefficient of variation of g", d => d.GradientCv, true),
            ("zero", "fraction of gradient entries exactly 0", d => Histogram.ZeroFraction(d.LogGradientHistogram), false),
        };
        foreach (var (name, label, value, logY) in panels)
        {
            var series = chosen.Select(c => (c.Run.Method, Points: c.Points.Where(p => value(p) is double v && double.IsFinite(v)).ToList()))
                .Where(c => c.Points.Count > 0)
                .Select(c => new Series(c.Method, [.. c.Points.Select(p => (double)p.Step)], [.. c.Points.Select(p => value(p)!.Value)], Color: Rank(c.Method)))
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
                double total = Math.Max(1, p.LogGradientHistogram.Sum(c => (double)c));
                string zeros = string.Create(CultureInfo.InvariantCulture, $"{100 * p.LogGradientHistogram[Histogram.ZeroBin] / total:F0} % zero");
                return new Series($"step {p.Step} ({zeros})", [.. Enumerable.Range(1, Histogram.Bins - 1).Select(Histogram.Centre)], [.. p.LogGradientHistogram.Skip(1).Select(c => c / total)], Color: i);
            }).ToList();
            string file = FileName($"{task}_gradient_histogram_{run.Method}.png");
            LineChart.Save(Path.Combine(figures, file), $"{task}: histogram of log10 |g|, {run.Method} (lr = {Number(lr)})", "log10 |g|", "fraction of entries", series);
            md.Image($"{task}: gradient histogram, {run.Method}", link(file));
        }
    }

    // "3 seeds", or "2-3 seeds (by method)" when the methods were run with different seeds.
    private static string Seeds(List<StoredRun> runs)
    {
        var counts = runs.GroupBy(r => r.Method).Select(g => g.Select(r => r.Seed).Distinct().Count()).ToList();
        return counts.Min() == counts.Max() ? $"{counts[0]} seeds" : $"{counts.Min()}-{counts.Max()} seeds (by method)";
    }

    private static int Rank(string method)
    {
        int i = Array.IndexOf(MethodOrder, method.Split(':')[0]);
        return i >= 0 ? i : MethodOrder.Length + (method.StartsWith("adam+linear", StringComparison.Ordinal) ? 0 : 1);
    }

    private static string FileName(string name) => name.Replace('+', '_').Replace(':', '_');

    private static string Number(double x, int digits = 6) => MarkdownReport.Number(x, digits);
}
