
namespace Warmup.Experiments.Report;

/// <summary>
/// Ma &amp; Yarats' Section 3.1: RAdam's first four steps (rho_t &lt;= 4) as zero, constant or linear steps of Adam with
/// RAdam's warmup factor, against RAdam itself (momentum SGD there): whether the choice makes any difference.
/// </summary>
internal sealed class EarlyStepsSection : IReportSection
{
    private const string Family = "adam+radam-warmup";

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var variants = report.Methods.Where(m => m == Family || m.StartsWith(Family + ":", StringComparison.Ordinal)).ToList();
        if (variants.Count < 2 || !report.Methods.Contains("radam"))
        {
            return;
        }

        List<string> methods = ["radam", .. variants];
        var configurations = MethodTable.Where(report, methods);
        if (configurations.Count == 0)
        {
            return;
        }

        var family = Findings.Judge(report, configurations.SelectMany(c => variants.Select(m => (c.LearningRate, c.Beta2, m, "radam"))));
        report.Md.Heading(3, $"The first four steps ({report.Task})")
            .Paragraph(
                "Ma & Yarats (Section 3.1) find that what RAdam does in its first four steps (rho_t <= 4: momentum SGD) makes no difference. " +
                $"{Family} is Adam with RAdam's factor r_t as a warmup, its first four steps zero (the name alone), constant or linear; each against radam: " + Findings.Rule);
        MethodTable.Write(report, configurations, methods, [.. variants.Select(m => $"{m} - radam")], c =>
            [.. variants.Select(m => Findings.Text(family, c, m))]);
        report.Md.Paragraph(string.Join(" ", variants.Where(m => family.Any(j => j.Method == m)).Select(m => FindingsSection.Count([.. family.Where(j => j.Method == m)], m))));
    }
}
