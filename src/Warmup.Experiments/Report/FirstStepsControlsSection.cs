using System.Globalization;
using Warmup.Core.Statistics;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Liu et al.'s Section 3.1 (their Fig. 1): whether Adam-2k (the first K steps update only v) and Adam-eps (a large eps)
/// avoid the failure of Adam without warmup, each against adam and against untuned-linear, one family; where Adam fails
/// and a control is not better than Adam, the report says the paper's result is not reproduced at that K.
/// </summary>
internal sealed class FirstStepsControlsSection : IReportSection
{
    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var controls = report.Methods.Where(m => m.StartsWith("adam-2k", StringComparison.Ordinal) || m.StartsWith("adam-eps", StringComparison.Ordinal)).ToList();
        var configurations = MethodTable.Where(report, ["adam", "untuned-linear"]).Where(c => controls.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();
        if (configurations.Count == 0)
        {
            return;
        }

        var family = Findings.Judge(report, configurations.SelectMany(c => controls.SelectMany(m => new[] { (c.LearningRate, c.Beta2, m, "adam"), (c.LearningRate, c.Beta2, m, "untuned-linear") })));
        int steps = report.Runs.Max(r => r.Steps);
        report.Md.Heading(3, $"Liu et al. Section 3.1 ({report.Task})")
            .Paragraph(
                "Liu et al. (Section 3.1, Fig. 1) report that Adam-2k (only v updated for the first K steps, K extra steps) avoids the failure of Adam " +
                "without warmup, and that Adam-eps (eps = 1e-4, added before bias correction) avoids it too but trains worse. Their K was 2,000 updates " +
                "before 70,000 (the authors' recipe, LiyuanLucasLiu/RAdam nmt/recipes.md: --adam-freeze 2000, --max-update 72000), 1/35 of training: " +
                string.Join("; ", controls.Where(m => m.StartsWith("adam-2k", StringComparison.Ordinal)).Select(m => KShare(m, steps))) +
                ". Each control against adam and against untuned-linear: " + Findings.Rule);
        MethodTable.Write(report, configurations, ["adam", .. controls, "untuned-linear"], [.. controls.SelectMany(m => new[] { $"{m} - adam", $"{m} - untuned-linear" })], c =>
            [.. controls.SelectMany(m => new[] { Findings.Text(family, c, m, "adam"), Findings.Text(family, c, m, "untuned-linear") })]);

        // Where Adam fails (worse than untuned-linear, by the verdict of the papers' comparisons), does the control avoid it?
        var failing = FindingsSection.Family(report).Family.Where(j => j.Method == "adam" && j.Verdict == Verdict.Worse && configurations.Contains((j.LearningRate, j.Beta2))).ToList();
        var lines = new List<string>();
        foreach (var f in failing)
        {
            foreach (var m in controls.Where(m => report.Cell.ContainsKey((f.LearningRate, f.Beta2, m))))
            {
                var v = family.Single(j => j.LearningRate == f.LearningRate && j.Beta2 == f.Beta2 && j.Method == m && j.Reference == "adam").Verdict;
                string where = string.Create(CultureInfo.InvariantCulture, $"at lr {Number(f.LearningRate)} / beta2 {Number(f.Beta2)}, where Adam is worse than untuned-linear");
                lines.Add(v == Verdict.Better
                    ? $"{m} is better than Adam {where}: Liu et al.'s result reproduced."
                    : $"{m} is not shown to be better than Adam {where} ({Verdicts.Words(v)}): **not reproduced at {(m.StartsWith("adam-2k", StringComparison.Ordinal) ? KShare(m, steps) : "eps = 1e-4")}**.");
            }
        }

        if (lines.Count > 0)
        {
            report.Md.Paragraph(string.Join(" ", lines));
        }
    }

    // "K = 57 (1/35 of the 2,000 steps)"
    private static string KShare(string method, int steps)
    {
        int k = int.TryParse(method.AsSpan(method.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : 2000;
        return string.Create(CultureInfo.InvariantCulture, $"K = {k} (1/{Math.Round((double)steps / k):F0} of the {steps:N0} steps)");
    }
}
