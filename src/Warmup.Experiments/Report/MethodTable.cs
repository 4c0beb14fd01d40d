using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>The focused tables of the comparison sections: some methods, at the configurations where the required ones all ran.</summary>
internal static class MethodTable
{
    /// <summary>The configurations, in order, where every one of <paramref name="required"/> has runs.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="required">The methods that must have run.</param>
    public static List<(double LearningRate, double Beta2)> Where(TaskReport report, IReadOnlyList<string> required) =>
        report.Configurations.Where(c => required.All(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();

    /// <summary>The methods of <paramref name="wanted"/> the task ran, in report order.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="wanted">The methods the section shows when present.</param>
    public static List<string> Present(TaskReport report, IEnumerable<string> wanted) => report.Methods.Where(wanted.Contains).ToList();

    /// <summary>
    /// Writes a table with rows lr, beta2, then one cell (mean ± std) per method, then the columns that
    /// <paramref name="extra"/> computes for the configuration.
    /// </summary>
    /// <param name="report">The task's report.</param>
    /// <param name="configurations">The rows.</param>
    /// <param name="methods">The methods shown.</param>
    /// <param name="extraHeaders">The extra columns' headers.</param>
    /// <param name="extra">The extra columns' values at a configuration.</param>
    public static void Write(
        TaskReport report,
        IReadOnlyList<(double LearningRate, double Beta2)> configurations,
        IReadOnlyList<string> methods,
        IReadOnlyList<string> extraHeaders,
        Func<(double LearningRate, double Beta2), IReadOnlyList<string>> extra)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(extra);
        report.Md.Table(
            ["lr", "beta2", .. methods, .. extraHeaders],
            configurations.Select(c => (IReadOnlyList<string>)
            [
                Number(c.LearningRate), Number(c.Beta2),
                .. methods.Select(m => report.Cell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) ? s.Format(2, report.UsualRuns) : "-"),
                .. extra(c),
            ]));
    }

    /// <summary>The cell of a method at a configuration (which must exist).</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="c">The configuration.</param>
    /// <param name="method">The method.</param>
    public static (string Name, CellStatistics Cell) Cell(TaskReport report, (double LearningRate, double Beta2) c, string method) =>
        (method, report.Cell[(c.LearningRate, c.Beta2, method)]);
}
