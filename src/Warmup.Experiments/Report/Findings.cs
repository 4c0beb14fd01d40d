using Warmup.Core.Statistics;

namespace Warmup.Experiments.Report;

/// <summary>
/// The verdicts the report states from the numbers, and nothing else: each section's comparisons form one family,
/// judged by Welch's test with Holm's correction at alpha 0.05 and, where no difference is shown, a one-sided
/// non-inferiority test at the task's margin stated up front (2 % of the reference's perplexity, 1 point of accuracy):
/// better, worse, non-inferior at the margin, or inconclusive (<see cref="Verdicts"/>). Diverged runs have no metric:
/// a side with under 2 finite runs is inconclusive.
/// </summary>
internal static class Findings
{
    /// <summary>The sentence every section's table refers to for its verdicts.</summary>
    public const string Rule =
        "Verdicts: Welch's t-test of the difference of means (method minus reference, 95 % interval shown), Holm-corrected over the section's " +
        "comparisons at alpha 0.05 (better or worse); where no difference is shown, a one-sided Welch test of non-inferiority at the margin stated " +
        "up front (2 % of the reference's mean perplexity, 1 point of accuracy), Holm-corrected likewise (non-inferior at the margin); otherwise inconclusive.";

    /// <summary>Judges one family: every (configuration, method, reference) whose two cells exist.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="pairs">The comparisons: configuration, method, reference.</param>
    public static List<Judged> Judge(TaskReport report, IEnumerable<(double LearningRate, double Beta2, string Method, string Reference)> pairs)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(pairs);
        var present = pairs.Where(p => report.Cell.ContainsKey((p.LearningRate, p.Beta2, p.Method)) && report.Cell.ContainsKey((p.LearningRate, p.Beta2, p.Reference))).ToList();
        var tests = new List<WelchComparison>();
        var margins = new List<double>();
        foreach (var p in present)
        {
            var a = report.Cell[(p.LearningRate, p.Beta2, p.Method)];
            var b = report.Cell[(p.LearningRate, p.Beta2, p.Reference)];
            tests.Add(a.Values.Count > 0 && b.Values.Count > 0 ? WelchComparison.Of(a.Values, b.Values) : WelchComparison.Of([double.MaxValue], [0.0]));
            margins.Add(b.Values.Count > 0 ? report.Definition.NonInferiorityMargin(b.Mean) : 0.0);
        }

        var verdicts = Verdicts.Decide(tests, margins, report.HigherIsBetter);
        return [.. present.Select((p, i) => new Judged(p.LearningRate, p.Beta2, p.Method, p.Reference, tests[i], margins[i], verdicts[i]))];
    }

    /// <summary>
    /// Judges every pair at every configuration where both of its methods ran, as one family; the configurations are
    /// those where at least one pair did.
    /// </summary>
    /// <param name="report">The task's report.</param>
    /// <param name="pairs">Each method and its reference.</param>
    public static (List<(double LearningRate, double Beta2)> Configurations, List<Judged> Family) JudgePairs(TaskReport report, IReadOnlyList<(string Method, string Reference)> pairs)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(pairs);
        var configurations = report.Configurations
            .Where(c => pairs.Any(p => report.Cell.ContainsKey((c.LearningRate, c.Beta2, p.Method)) && report.Cell.ContainsKey((c.LearningRate, c.Beta2, p.Reference))))
            .ToList();
        return (configurations, Judge(report, configurations.SelectMany(c => pairs.Select(p => (c.LearningRate, c.Beta2, p.Method, p.Reference)))));
    }

    /// <summary>The table text of a pair's verdict at a configuration (<see cref="Judged.Text"/>), or "-" where it was not judged.</summary>
    /// <param name="family">The judged family.</param>
    /// <param name="c">The configuration.</param>
    /// <param name="method">The method.</param>
    /// <param name="reference">Its reference, or null for the method's only comparison at the configuration.</param>
    public static string Text(IEnumerable<Judged> family, (double LearningRate, double Beta2) c, string method, string? reference = null) =>
        family.FirstOrDefault(j => j.LearningRate == c.LearningRate && j.Beta2 == c.Beta2 && j.Method == method && (reference is null || j.Reference == reference))?.Text ?? "-";

    /// <summary>The best of the methods present at a configuration (by mean, cells with finite runs only), or null.</summary>
    /// <param name="report">The task's report.</param>
    /// <param name="c">The configuration.</param>
    /// <param name="methods">The candidates.</param>
    public static string? Best(TaskReport report, (double LearningRate, double Beta2) c, IEnumerable<string> methods)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cells = methods.Where(m => report.Cell.TryGetValue((c.LearningRate, c.Beta2, m), out var s) && s.Values.Count > 0)
            .Select(m => (Method: m, report.Cell[(c.LearningRate, c.Beta2, m)].Mean)).ToList();
        return cells.Count == 0 ? null : (report.HigherIsBetter ? cells.MaxBy(x => x.Mean) : cells.MinBy(x => x.Mean)).Method;
    }
}
