using Warmup.Reports;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training.Tasks;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// The papers' kind of report from a sweep database: per task, tables with rows learning rate x beta2 and columns
/// methods (mean ± std over seeds), training curves, the diagnostics of Ma and Yarats' Fig. 1 and Liu et al.'s Fig. 2,
/// and findings computed from the numbers.
/// </summary>
public static class ExperimentReport
{
    /// <summary>The sections after each task's tables, in order.</summary>
    internal static IReadOnlyList<IReportSection> Sections { get; } =
        [
            new FindingsSection(), new PairwiseSection(), new BeyondSection(), new RampControlsSection(), new SensitivitySection(), new StatePrecisionSection(), new FirstStepsControlsSection(), new EarlyStepsSection(),
            new RobustnessSection(), new LearningRateSection(), new CurvesSection(), new DiagnosticsSection(),
        ];

    /// <summary>
    /// Appends how the runs were made (<see cref="ProvenanceSection"/>), then the sections for every task in the
    /// database; figures go to <paramref name="figures"/>.
    /// </summary>
    /// <param name="db">The sweep database.</param>
    /// <param name="md">The report.</param>
    /// <param name="figures">Folder for PNG files.</param>
    /// <param name="figureLink">Turns a figure's file name into the link written in the report.</param>
    /// <param name="options">What to compare beyond the standard sections; default <see cref="ExperimentReportOptions"/>'s.</param>
    /// <returns>The main tables and every cell and run, for export.</returns>
    /// <exception cref="ArgumentException">A method to compare is not in the database; nothing was written.</exception>
    public static ExperimentReportResult Write(SweepDatabase db, MarkdownReport md, string figures, Func<string, string> figureLink, ExperimentReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(figureLink);
        options ??= new ExperimentReportOptions();
        var runs = db.Runs();
        var present = runs.Select(r => r.Method).ToHashSet(StringComparer.Ordinal);
        var unknown = options.Compare.SelectMany(p => new[] { p.Method, p.Reference }).Where(m => !present.Contains(m)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"--compare: {string.Join(", ", unknown.Select(m => $"'{m}'"))} {(unknown.Count == 1 ? "is" : "are")} not in the sweep, whose methods are " +
                $"{string.Join(", ", present.Order(StringComparer.Ordinal))}.");
        }

        Directory.CreateDirectory(figures);
        var result = new ExperimentReportResult([], [], runs);
        if (runs.Count == 0)
        {
            md.Paragraph("The sweep database holds no finished run yet.");
            return result;
        }

        ProvenanceSection.Write(md, db.Invocations(), runs);

        // One section per task and configuration: runs that differ in anything but method, lr, beta2 and seed (say,
        // their number of steps) are never averaged together.
        var main = new List<(string, ReportTable)>();
        var cells = new List<CellRow>();
        foreach (var byTask in runs.GroupBy(r => r.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var configurations = byTask.GroupBy(r => r.Configuration).OrderBy(g => g.Min(r => r.Id)).ToList();
            bool one = configurations.Count == 1;
            for (int i = 0; i < configurations.Count; i++)
            {
                var (heading, table, rows) = WriteTask(db, [.. configurations[i]], one ? byTask.Key : $"{byTask.Key}-{i + 1}", one ? null : configurations[i].Key, md, figures, figureLink, options);
                main.Add((heading, table));
                cells.AddRange(rows);
            }
        }

        RunLengthSection.Write(md, runs);
        return result with { MainTables = main, Cells = cells };
    }

    private static (string Heading, ReportTable Table, List<CellRow> Cells) WriteTask(
        SweepDatabase db, List<StoredRun> runs, string task, string? configuration, MarkdownReport md, string figures, Func<string, string> link, ExperimentReportOptions options)
    {
        var methods = runs.Select(r => r.Method).Distinct().OrderBy(ExperimentMethods.Rank).ThenBy(m => m, StringComparer.Ordinal).ToList();
        var configurations = runs.Select(r => (r.LearningRate, r.Beta2)).Distinct().OrderBy(c => c.LearningRate).ThenBy(c => c.Beta2).ToList();
        string metric = runs[0].MetricName;
        var definition = TrainingTasks.All.FirstOrDefault(t => t.Name == runs[0].Task) ?? throw new InvalidDataException(
            $"The database holds runs of task '{runs[0].Task}', which this build does not know ({string.Join(", ", TrainingTasks.Names)}); report it with the build that wrote it, " +
            "or, for your own task, from the program that registers it (TrainingTasks.Register).");
        bool higherIsBetter = definition.HigherIsBetter;
        var groups = runs.GroupBy(r => (r.LearningRate, r.Beta2, r.Method)).ToList();
        var cell = groups.ToDictionary(
            g => g.Key,
            g => new CellStatistics(g.Where(r => r.TestMetric is not null).Select(r => r.TestMetric!.Value).ToList(), g.Count(), g.Count(r => Collapse.Of(r, definition))));
        var trainCell = groups.ToDictionary(g => g.Key, g => new CellStatistics(g.Where(r => r.FinalTrainLoss is not null).Select(r => r.FinalTrainLoss!.Value).ToList(), g.Count()));
        int usual = groups.GroupBy(g => g.Count()).MaxBy(x => x.Count())!.Key;

        string title = definition.Title(runs[0].Configuration);
        string heading = $"{title} ({task}): {metric}";
        int mainIndex = md.Tables.Count; // the first table below
        md.Heading(2, heading)
            .Paragraph($"{(configuration is null ? string.Empty : $"Configuration `{configuration}`. ")}Data: {runs[0].DataNote}. {runs.Count} runs, {Seeds(runs)}, {runs.Max(r => r.Steps):N0} steps each; " +
                $"{runs.Sum(r => r.Seconds) / 60:F1} minutes of training in all. Cells: mean ± standard deviation over seeds of the final {metric} " +
                $"({(higherIsBetter ? "higher" : "lower")} is better), n = {usual} runs per cell unless the cell says otherwise; a run that learned nothing " +
                $"(final training loss within {Collapse.Tolerance:P0} of the chance loss ln K, or diverged) is counted as collapsed next to the mean; diverged runs " +
                "(a non-finite loss) have no metric and are counted apart.")
            .Table(
                ["lr", "beta2", .. methods],
                configurations.Select(c => (IReadOnlyList<string>)[Number(c.LearningRate), Number(c.Beta2), .. methods.Select(m => cell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) ? s.Format(2, usual) : "-")]), "final")
            .Paragraph("Final training loss (on a fixed subset of the training data):")
            .Table(
                ["lr", "beta2", .. methods],
                configurations.Select(c => (IReadOnlyList<string>)[Number(c.LearningRate), Number(c.Beta2), .. methods.Select(m => trainCell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) ? s.Format(3, usual) : "-")]), "train-loss");

        var mainTable = md.Tables[mainIndex];
        var report = new TaskReport(db, runs, task, methods, configurations, cell, metric, higherIsBetter, md, figures, link, definition, usual, title, options);
        foreach (var section in Sections)
        {
            section.Write(report);
        }

        var rows = groups.Select(g => new CellRow(task, runs[0].Configuration, metric, higherIsBetter, g.Key.LearningRate, g.Key.Beta2, g.Key.Method, cell[g.Key], trainCell[g.Key]))
            .OrderBy(c => c.LearningRate).ThenBy(c => c.Beta2).ThenBy(c => ExperimentMethods.Rank(c.Method)).ThenBy(c => c.Method, StringComparer.Ordinal).ToList();
        return (heading, mainTable, rows);
    }



    // "3 seeds", or "2-3 seeds (by method)" when the methods were run with different seeds.
    private static string Seeds(List<StoredRun> runs)
    {
        var counts = runs.GroupBy(r => r.Method).Select(g => g.Select(r => r.Seed).Distinct().Count()).ToList();
        return counts.Min() == counts.Max() ? $"{counts[0]} seeds" : $"{counts.Min()}-{counts.Max()} seeds (by method)";
    }
}
