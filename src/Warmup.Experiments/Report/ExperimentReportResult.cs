using Warmup.Experiments.Sweeps;
using Warmup.Reports;

namespace Warmup.Experiments.Report;

/// <summary>What an experiment report was made from, for export and for the terminal.</summary>
/// <param name="MainTables">Per task and configuration, its main table (final metric, mean ± std over seeds), with the task's heading.</param>
/// <param name="Cells">Every cell of the main tables, as numbers.</param>
/// <param name="Runs">Every run the report read.</param>
public sealed record ExperimentReportResult(IReadOnlyList<(string Heading, ReportTable Table)> MainTables, IReadOnlyList<CellRow> Cells, IReadOnlyList<StoredRun> Runs)
{
    /// <summary>
    /// Writes <c>cells.csv</c>/<c>cells.json</c> (one row per task, configuration, lr, beta2 and method: runs, diverged,
    /// collapsed, mean, standard deviation and 95 % t interval of the final metric, and of the final training loss) and
    /// <c>runs.csv</c>/<c>runs.json</c> (one row per run) into <paramref name="folder"/>.
    /// </summary>
    /// <param name="folder">Where the files go (created if missing).</param>
    /// <returns>The files written.</returns>
    public IReadOnlyList<string> WriteData(string folder)
    {
        string[] cellHeader =
        [
            "task", "configuration", "metric", "higher_is_better", "lr", "beta2", "method", "runs", "diverged", "collapsed",
            "mean", "sd", "ci95_low", "ci95_high", "train_loss_mean", "train_loss_sd",
        ];
        var cells = Cells.Select(c =>
        {
            var (low, high) = c.Final.MeanInterval();
            return (IReadOnlyList<object?>)
            [
                c.Task, c.Configuration, c.Metric, c.HigherIsBetter, c.LearningRate, c.Beta2, c.Method, c.Final.Runs, c.Final.Diverged, c.Final.Collapsed,
                c.Final.Mean, c.Final.StandardDeviation, low, high, c.TrainLoss.Mean, c.TrainLoss.StandardDeviation,
            ];
        }).ToList();
        string[] runHeader =
        [
            "id", "task", "configuration", "method", "lr", "beta2", "seed", "metric", "test_metric", "final_train_loss", "diverged", "diverged_at",
            "steps", "seconds", "finished", "data",
        ];
        var runs = Runs.Select(r => (IReadOnlyList<object?>)
        [
            r.Id, r.Task, r.Configuration, r.Method, r.LearningRate, r.Beta2, r.Seed, r.MetricName, r.TestMetric, r.FinalTrainLoss, r.Diverged, r.DivergedAt,
            r.Steps, r.Seconds, r.Finished, r.DataNote,
        ]).ToList();
        return [.. ReportExport.WriteData(folder, "cells", cellHeader, cells), .. ReportExport.WriteData(folder, "runs", runHeader, runs)];
    }
}
