using System.Globalization;
using Warmup.Core.Statistics;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Optimizer state precision: AdamW with bfloat16 or 8-bit blockwise moments against AdamW with float32 moments, with and
/// without untuned linear warmup, at every configuration where both ran, in one family; then, where AdamW without warmup
/// fails (a collapsed or diverged run), whether the low-bit state fails alike and whether warmup rescues it alike.
/// </summary>
internal sealed class StatePrecisionSection : IReportSection
{
    private static readonly (string Method, string Reference)[] Pairs =
    [
        ("adamw-bf16", "adamw"),
        ("adamw-8bit", "adamw"),
        ("adamw-bf16+untuned-linear", "adamw+untuned-linear"),
        ("adamw-8bit+untuned-linear", "adamw+untuned-linear"),
    ];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pairs = Pairs.Where(p => report.Methods.Contains(p.Method) && report.Methods.Contains(p.Reference)).ToList();
        var (configurations, family) = Findings.JudgePairs(report, pairs);
        if (configurations.Count == 0)
        {
            return;
        }

        var methods = MethodTable.Present(report, Pairs.SelectMany(p => new[] { p.Reference, p.Method }));
        report.Md.Heading(3, $"Optimizer state precision ({report.Task})")
            .Paragraph(
                "AdamW (decoupled weight decay 1e-2) with its moments stored in bfloat16 (stochastic rounding) or as 8-bit codes in blocks of 2,048 " +
                "(m signed, sqrt(v) unsigned, a float32 scale per block; tensors under 4,096 elements keep float32), each against the same optimizer " +
                "with float32 moments: the update is computed in float32 in every case, so only the stored state differs. Each low-bit method minus its " +
                "float32 reference: " + Findings.Rule);
        MethodTable.Write(report, configurations, methods, [.. pairs.Select(p => $"{Short(p.Method)} - {Short(p.Reference)}")], c =>
            [.. pairs.Select(p => Findings.Text(family, c, p.Method, p.Reference))]);
        string counts = string.Join(" ", pairs.Select(p => family.Where(j => j.Method == p.Method && j.Reference == p.Reference).ToList()).Where(j => j.Count > 0).Select(j => FindingsSection.Count(j, j[0].Method)));
        report.Md.Paragraph("**Findings.** " + counts + " " + WhenAdamNeedsWarmup(report, configurations, family));
    }

    // Where Adam needs warmup (AdamW with float32 state lost runs, or trails AdamW with untuned linear warmup by more than
    // the margin), what each format gives there without warmup and with it, and the runs each lost.
    private static string WhenAdamNeedsWarmup(TaskReport report, List<(double LearningRate, double Beta2)> configurations, List<Judged> family)
    {
        bool Needs((double LearningRate, double Beta2) c)
        {
            if (!report.Cell.TryGetValue((c.LearningRate, c.Beta2, "adamw"), out var plain))
            {
                return false;
            }

            if (Lost(plain) > 0)
            {
                return true;
            }

            if (!report.Cell.TryGetValue((c.LearningRate, c.Beta2, "adamw+untuned-linear"), out var warm) || plain.Values.Count == 0 || warm.Values.Count == 0)
            {
                return false;
            }

            double gap = report.HigherIsBetter ? warm.Mean - plain.Mean : plain.Mean - warm.Mean;
            return gap > report.Definition.NonInferiorityMargin(warm.Mean);
        }

        var needing = configurations.Where(Needs).ToList();
        if (needing.Count == 0)
        {
            return "At none of these configurations does AdamW with float32 state lose runs or trail AdamW with untuned linear warmup by more than the " +
                "margin, so none of them tests whether low-bit state changes when Adam needs warmup.";
        }

        var parts = needing.Select(c =>
        {
            string Cell(string m) => report.Cell.TryGetValue((c.LearningRate, c.Beta2, m), out var s)
                ? string.Create(CultureInfo.InvariantCulture, $"{m} {s.Mean:F2}{(Lost(s) > 0 ? $" ({Lost(s)} of {s.Runs} lost)" : string.Empty)}")
                : string.Empty;
            var cells = Pairs.Select(p => p.Reference).Distinct().Concat(Pairs.Select(p => p.Method)).Select(Cell).Where(x => x.Length > 0);
            var verdicts = family.Where(j => j.LearningRate == c.LearningRate && j.Beta2 == c.Beta2).Select(j => $"{Short(j.Method)} {Verdicts.Words(j.Verdict)}");
            return string.Create(CultureInfo.InvariantCulture, $"at lr {Number(c.LearningRate)} / beta2 {Number(c.Beta2)}: {string.Join(", ", cells)} ({string.Join("; ", verdicts)})");
        });
        return "Where Adam needs warmup (AdamW with float32 state loses runs, or trails AdamW with untuned linear warmup by more than the margin): " +
            string.Join(". ", parts) + ".";
    }

    private static int Lost(CellStatistics s) => s.Collapsed;   // diverged runs count as collapsed

    private static string Short(string method) => method.Replace("+untuned-linear", "+warmup", StringComparison.Ordinal);
}
