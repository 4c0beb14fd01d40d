using System.Globalization;
using Warmup.Core.Statistics;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Ma and Yarats' claim that untuned linear, untuned exponential and RAdam perform alike, and how Adam without warmup
/// compares: untuned-exp, radam and adam each against untuned-linear at every configuration, one family.
/// </summary>
internal sealed class FindingsSection : IReportSection
{
    private static readonly string[] Judged = ["untuned-exp", "radam", "adam"];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (configurations, family) = Family(report);
        if (configurations.Count == 0)
        {
            return;
        }

        var methods = MethodTable.Present(report, ["adam", "untuned-linear", "untuned-exp", "radam"]);
        report.Md.Heading(3, $"The papers' comparisons ({report.Task})")
            .Paragraph(
                "Ma & Yarats find untuned linear warmup, untuned exponential warmup and RAdam more or less identical, and Liu et al. that Adam without " +
                $"warmup fails where they do not. Each method minus untuned-linear, in {report.Metric}. " + Findings.Rule);
        MethodTable.Write(report, configurations, methods, [.. Judged.Where(m => methods.Contains(m)).Select(m => $"{m} - untuned-linear")], c =>
            [.. Judged.Where(m => methods.Contains(m)).Select(m => Findings.Text(family, c, m))]);
        report.Md.Paragraph("**Findings.** " + string.Join(" ", Judged.Where(m => family.Any(j => j.Method == m)).Select(m => Count(family.Where(j => j.Method == m).ToList(), m))));
        var adamAhead = family.Where(j => j.Method == "adam" && j.Verdict == Verdict.Better).Select(j => (j.LearningRate, j.Beta2)).ToList();
        if (adamAhead.Count > 0)
        {
            report.Md.Paragraph(WhyNoWarmupWins(adamAhead, report.Runs.Max(r => r.Steps)));
        }
    }

    /// <summary>
    /// The papers' family: untuned-exp, radam and adam each against untuned-linear at every configuration where
    /// untuned-linear ran. Other sections that need one of these verdicts (where does Adam fail?) read it from here, so
    /// that one comparison has one verdict in the whole report.
    /// </summary>
    /// <param name="report">The task's report.</param>
    internal static (List<(double LearningRate, double Beta2)> Configurations, List<Judged> Family) Family(TaskReport report)
    {
        var configurations = MethodTable.Where(report, ["untuned-linear"]).Where(c => Judged.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();
        return (configurations, Findings.Judge(report, configurations.SelectMany(c => Judged.Select(m => (c.LearningRate, c.Beta2, m, "untuned-linear")))));
    }

    /// <summary>"m against untuned-linear: better in 1, worse in 2, non-inferior at the margin in 3, inconclusive in 2 of 8 configurations."</summary>
    internal static string Count(IReadOnlyList<Judged> judged, string method)
    {
        var parts = new[] { Verdict.Better, Verdict.Worse, Verdict.NonInferior, Verdict.Inconclusive }.Select(v => (Verdict: v, N: judged.Count(j => j.Verdict == v))).Where(x => x.N > 0)
            .Select(x => $"{Verdicts.Words(x.Verdict)} in {x.N}");
        return $"{method} against {judged[0].Reference}: {string.Join(", ", parts)} of {judged.Count} configurations.";
    }

    // Where Adam without warmup wins, how much of the run untuned linear warmup spends below the full rate.
    private static string WhyNoWarmupWins(List<(double LearningRate, double Beta2)> configurations, int steps)
    {
        var parts = configurations.Select(c =>
        {
            double tau = Core.Schedules.WarmupSchedule.UntunedLinear(c.Beta2).Tau;
            return tau >= steps
                ? string.Create(CultureInfo.InvariantCulture, $"at lr {Number(c.LearningRate)}, beta2 {Number(c.Beta2)} the ramp ({tau:N0} steps) is longer than the {steps:N0}-step run")
                : string.Create(CultureInfo.InvariantCulture, $"at lr {Number(c.LearningRate)}, beta2 {Number(c.Beta2)} the ramp lasts {tau:N0} of the {steps:N0} steps ({tau / steps:P0})");
        });
        return "Where Adam without warmup is better than untuned linear warmup, the warmup's cost is its ramp: the rate is below the full rate " +
            "(at half of it on average) for 2/(1 - beta2) steps: " + string.Join("; ", parts) + ". Whether that cost shrinks as runs grow longer is " +
            "tested where the report has runs of two lengths.";
    }
}
