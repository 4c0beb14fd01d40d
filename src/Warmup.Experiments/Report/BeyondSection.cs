using System.Globalization;
using Warmup.Core.Statistics;
using Warmup.Core.Updates.Rules;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Beyond the papers: dynamic warmup and the other methods no paper of the two proposes, each judged at every
/// configuration against a fair reference, the best of Adam, untuned linear and exponential warmup and RAdam there (each
/// shown), in one family; the goal for <c>dynamic</c> (non-inferior at the margin, or better); the curves and update sizes
/// at the largest learning rate.
/// </summary>
internal sealed class BeyondSection : IReportSection
{
    /// <summary>The methods of the papers a method beyond them is judged against (the best of them at each configuration).</summary>
    internal static readonly string[] References = ["adam", "untuned-linear", "untuned-exp", "radam"];

    private static readonly DynamicWarmup D = DynamicWarmup.Default;
    private static readonly string[] Candidates =
        ["dynamic", "dynamic:0", "geometric", "adam+linear:365", "gi-adam", "gi-adam-bc", "gi-adam-bc+stable", "adam+update-clip", "stable-adamw", "stable-adamw+untuned-linear", "lamb"];

    private static readonly string[] Curves = ["adam", "untuned-linear", "dynamic", "geometric", "adam+linear:365", "gi-adam-bc", "stable-adamw"];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var candidates = MethodTable.Present(report, Candidates);
        var configurations = report.Configurations.Where(c => References.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m))) &&
            candidates.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();
        if (configurations.Count == 0)
        {
            return;
        }

        var best = configurations.ToDictionary(c => c, c => Findings.Best(report, c, References)!);
        var family = Findings.Judge(report, configurations.SelectMany(c => candidates.Select(m => (c.LearningRate, c.Beta2, m, best[c]))));
        var md = report.Md;
        md.Heading(3, $"Beyond the papers ({report.Task})")
            .Paragraph(
                $"Each method beyond the papers against the best of {string.Join(", ", References)} at each configuration (by mean; the reference column " +
                "names it, and the four are in the table above), in one family. Choosing the best after the fact favours the reference. " +
                $"dynamic: per tensor, the rate starts at 0, then {Percent(D.Start)} of it, and grows by {Percent(D.Growth - 1)} after each step whose " +
                $"RMS(g / sqrt(v_hat)) lies in [{Number(D.Tolerance)}, 1/{Number(D.Tolerance)}], holding otherwise. Its goal: non-inferior at the margin to the " +
                "reference, or better, at every configuration. " + Findings.Rule);
        var shown = candidates.Where(m => family.Any(j => j.Method == m)).ToList();
        md.Table(
            ["lr", "beta2", "reference", .. shown],
            configurations.Select(c => (IReadOnlyList<string>)
            [
                Number(c.LearningRate), Number(c.Beta2), $"{best[c]} {report.Cell[(c.LearningRate, c.Beta2, best[c])].Format(2, report.UsualRuns)}",
                .. shown.Select(m => Findings.Text(family, c, m)),
            ]));
        md.Paragraph(Summary(family.Where(j => j.Method == "dynamic").ToList()) + " " +
            string.Join(" ", shown.Where(m => m != "dynamic").Select(m => FindingsSection.Count(family.Where(j => j.Method == m).ToList(), m).Replace(" against " + family.First(j => j.Method == m).Reference, " against the reference", StringComparison.Ordinal))));

        var methods = MethodTable.Present(report, Curves);
        double lr = configurations.Max(c => c.LearningRate);
        foreach (var beta2 in configurations.Where(c => c.LearningRate == lr).Select(c => c.Beta2))
        {
            string curves = FileName($"{report.Task}_beyond_curves_lr{Number(lr)}_beta2{Number(beta2)}.png");
            CurvesSection.Chart(report, lr, beta2, methods, curves);
            md.Image($"{report.Task}: training curves beyond the papers at lr {Number(lr)}, beta2 {Number(beta2)}", report.Link(curves));
            var chosen = DiagnosticsSection.FirstSeeds(report, lr, beta2, methods);
            foreach (var panel in DiagnosticsSection.Panels.Where(p => p.File is "lr" or "update"))
            {
                if (DiagnosticsSection.Chart(report, chosen, lr, beta2, panel, FileName($"{report.Task}_beyond_{panel.File}_lr{Number(lr)}_beta2{Number(beta2)}.png")) is { } file)
                {
                    md.Image($"{report.Task}: {panel.Label} beyond the papers at lr {Number(lr)}, beta2 {Number(beta2)}", report.Link(file));
                }
            }
        }
    }

    private static string Percent(double x) => string.Create(CultureInfo.InvariantCulture, $"{100 * x:G3} %");

    // The goal: non-inferior at the margin, or better.
    private static bool Holds(Verdict v) => v is Verdict.Better or Verdict.NonInferior;

    private static string Summary(List<Judged> dynamic)
    {
        if (dynamic.Count == 0)
        {
            return "dynamic has not run at these configurations.";
        }

        string List(Func<Verdict, bool> which) =>
            string.Join(", ", dynamic.Where(j => which(j.Verdict)).Select(j => string.Create(CultureInfo.InvariantCulture, $"lr {Number(j.LearningRate)} / beta2 {Number(j.Beta2)}")));
        int holds = dynamic.Count(j => Holds(j.Verdict));
        int worse = dynamic.Count(j => j.Verdict == Verdict.Worse);
        int open = dynamic.Count - holds - worse;
        return $"**The goal for dynamic holds in {holds} of {dynamic.Count} configurations**" +
            (holds > 0 ? $" ({List(Holds)})" : string.Empty) +
            (worse > 0 ? $"; dynamic is worse at {List(v => v == Verdict.Worse)}" : string.Empty) +
            (open > 0 ? $"; inconclusive at {List(v => v == Verdict.Inconclusive)}" : string.Empty) + ".";
    }
}
