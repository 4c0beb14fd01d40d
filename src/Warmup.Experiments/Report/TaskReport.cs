using Warmup.Reports;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Report;

/// <summary>What every section of one task's report reads: its runs, grouped and summarised once, and where to write.</summary>
/// <param name="Db">The sweep database (curves and diagnostics).</param>
/// <param name="Runs">The task's runs of one configuration.</param>
/// <param name="Task">The task's name in headings and file names.</param>
/// <param name="Methods">The methods, in report order.</param>
/// <param name="Configurations">The (lr, beta2) pairs, in order.</param>
/// <param name="Cell">The final metric per (lr, beta2, method).</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="HigherIsBetter">The metric's direction.</param>
/// <param name="Md">The report.</param>
/// <param name="Figures">Folder for PNG files.</param>
/// <param name="Link">Turns a figure's file name into its link.</param>
/// <param name="Definition">The task (its margin and chance loss).</param>
/// <param name="UsualRuns">Runs per cell in most cells (tables state n once for these, and per cell for the others).</param>
/// <param name="Title">What figures call the task's runs, for people ("char LM, post-LN").</param>
/// <param name="Options">What to compare beyond the standard sections.</param>
internal sealed record TaskReport(
    SweepDatabase Db,
    List<StoredRun> Runs,
    string Task,
    List<string> Methods,
    List<(double LearningRate, double Beta2)> Configurations,
    Dictionary<(double, double, string), CellStatistics> Cell,
    string Metric,
    bool HigherIsBetter,
    MarkdownReport Md,
    string Figures,
    Func<string, string> Link,
    Training.Tasks.TaskDefinition Definition,
    int UsualRuns,
    string Title,
    ExperimentReportOptions Options);
