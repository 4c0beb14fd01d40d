using System.Globalization;
using Warmup.Core.Updates.Rules;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Beyond the papers: dynamic warmup, GI-Adam and update clipping next to Adam without warmup and untuned linear
/// warmup, with the goal fixed for <c>dynamic</c> before its runs (at least as good as the better of the two, within
/// seed noise) judged per configuration, and the curves and update sizes at the largest learning rate.
/// </summary>
internal sealed class BeyondSection : IReportSection
{
    private static readonly DynamicWarmup D = DynamicWarmup.Default;
    private static readonly string[] Shown = ["adam", "untuned-linear", "dynamic", "dynamic:0", "gi-adam", "adam+update-clip"];
    private static readonly string[] Candidates = ["dynamic", "dynamic:0", "gi-adam", "adam+update-clip"];

    // What each method shown is, for the methods present.
    private static readonly (string Method, string Text)[] Descriptions =
    [
        ("dynamic", $"dynamic: our dynamic warmup (Ma & Yarats, Section 6.3): per tensor, the learning rate starts at 0, then {Percent(D.Start)} of it, and grows by {Percent(D.Growth - 1)} " +
            $"after each step whose RMS(g / sqrt(v_hat)) lies in [{Number(D.Tolerance)}, 1/{Number(D.Tolerance)}], holding otherwise, until it reaches the full rate."),
        ("dynamic:0", $"dynamic:0: the same ramp with the gate always open (a fixed exponential ramp over {Math.Ceiling(Math.Log(1 / D.Start) / Math.Log(D.Growth))} steps), the control for what the gate does."),
        ("gi-adam", "gi-adam: v starts from the first gradient squared (Kalra & Barkeshli 2024)."),
        ("adam+update-clip", "adam+update-clip: the rate of a tensor divided by max(1, RMS(g / sqrt(v_hat))) (StableAdamW, Wortsman et al. 2023)."),
    ];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var candidates = MethodTable.Present(report, Candidates);
        var configurations = MethodTable.Where(report, ["adam", "untuned-linear"]).Where(c => candidates.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();
        if (configurations.Count == 0)
        {
            return;
        }

        var md = report.Md;
        var methods = MethodTable.Present(report, Shown);
        md.Heading(3, $"Beyond the papers ({report.Task})")
            .Paragraph(string.Join(" ", Descriptions.Where(d => methods.Contains(d.Method)).Select(d => d.Text)) +
                " The goal for dynamic, fixed before its runs: at every configuration, within seed noise of the " +
                "better of adam and untuned-linear, or better (twice the standard error of the difference; more diverged runs count as worse).");
        var verdicts = new List<(double LearningRate, double Beta2, Comparison Result)>();
        MethodTable.Write(report, configurations, methods, ["better of adam, untuned-linear", "dynamic against it", "goal"], c =>
        {
            var best = Reference(report, c);
            if (!report.Cell.TryGetValue((c.LearningRate, c.Beta2, "dynamic"), out var dynamic))
            {
                return [best.Name, "-", "-"];
            }

            var result = Findings.Compare(dynamic, best.Cell, report.HigherIsBetter);
            verdicts.Add((c.LearningRate, c.Beta2, result));
            return [best.Name, Findings.Versus(("dynamic", dynamic), best, report.HigherIsBetter), Goal(result)];
        });
        md.Paragraph(Summary(verdicts) + " " + Others(report, configurations, candidates.Where(m => m != "dynamic").ToList()));

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

    // What every candidate is judged against: the better of Adam without warmup and untuned linear warmup.
    private static (string Name, CellStatistics Cell) Reference(TaskReport report, (double LearningRate, double Beta2) c) =>
        Findings.Better(MethodTable.Cell(report, c, "adam"), MethodTable.Cell(report, c, "untuned-linear"), report.HigherIsBetter);

    // The goal: at least as good as the reference, within seed noise.
    private static bool Holds(Comparison result) => result is Comparison.Better or Comparison.Within;

    private static string Goal(Comparison result) => Holds(result) ? "holds" : result == Comparison.Worse ? "does not hold" : "cannot tell";

    private static string Summary(List<(double LearningRate, double Beta2, Comparison Result)> verdicts)
    {
        if (verdicts.Count == 0)
        {
            return "dynamic has not run at these configurations yet.";
        }

        string List(Func<Comparison, bool> which) =>
            string.Join(", ", verdicts.Where(v => which(v.Result)).Select(v => string.Create(CultureInfo.InvariantCulture, $"lr {Number(v.LearningRate)} / beta2 {Number(v.Beta2)}")));
        int holds = verdicts.Count(v => Holds(v.Result));
        int fails = verdicts.Count(v => v.Result == Comparison.Worse);
        int unknown = verdicts.Count - holds - fails;
        return $"**The goal for dynamic holds in {holds} of {verdicts.Count} configurations**" +
            (holds > 0 ? $" ({List(Holds)})" : string.Empty) +
            (fails > 0 ? $"; it does not hold at {List(r => r == Comparison.Worse)}" : string.Empty) +
            (unknown > 0 ? $"; {unknown} cannot be told (under 2 finite runs)" : string.Empty) + ".";
    }

    // The same test for the other candidates, counted.
    private static string Others(TaskReport report, List<(double LearningRate, double Beta2)> configurations, List<string> others) =>
        string.Join(" ", others.Select(m =>
        {
            var results = configurations.Where(c => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))
                .Select(c => Findings.Compare(report.Cell[(c.LearningRate, c.Beta2, m)], Reference(report, c).Cell, report.HigherIsBetter))
                .ToList();
            return results.Count == 0 ? string.Empty : $"By the same test, {m} is at least as good as the better of the two in {results.Count(Holds)} of {results.Count} configurations.";
        }).Where(s => s.Length > 0));
}
