namespace Warmup.Experiments.Report;

/// <summary>
/// Comparisons of any two methods of the sweep: those asked for (<see cref="ExperimentReportOptions.Compare"/>), or,
/// where the papers' comparisons have nothing to judge, every method against adam (else the first method). One family
/// per task, judged as every section's.
/// </summary>
internal sealed class PairwiseSection : IReportSection
{
    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool asked = report.Options.Compare.Count > 0;
        var pairs = Pairs(report);
        var (configurations, family) = Findings.JudgePairs(report, pairs);
        if (configurations.Count == 0)
        {
            return;
        }

        var methods = report.Methods.Where(m => pairs.Any(p => p.Method == m || p.Reference == m)).ToList();
        report.Md.Heading(3, $"{(asked ? "The comparisons asked for" : "Pairwise comparisons")} ({report.Task})")
            .Paragraph(
                (asked
                    ? "The pairs given with --compare, each method minus its reference"
                    : "The papers' comparisons need untuned-linear and one of untuned-exp, radam or adam; this sweep has not got them, so every method is compared with " +
                      $"{pairs[0].Reference}: each minus {pairs[0].Reference}") +
                $", in {report.Metric}, at every configuration where both ran. " + Findings.Rule);
        MethodTable.Write(report, configurations, methods, [.. pairs.Select(p => $"{p.Method} - {p.Reference}")], c =>
            [.. pairs.Select(p => Findings.Text(family, c, p.Method, p.Reference))]);
        report.Md.Paragraph("**Findings.** " + string.Join(" ", pairs
            .Select(p => family.Where(j => j.Method == p.Method && j.Reference == p.Reference).ToList())
            .Where(judged => judged.Count > 0)
            .Select(judged => FindingsSection.Count(judged, judged[0].Method))));
    }

    // The pairs asked for that ran in this task; else, when the papers' family is empty, each method against adam or the first.
    private static List<(string Method, string Reference)> Pairs(TaskReport report)
    {
        if (report.Options.Compare.Count > 0)
        {
            return [.. report.Options.Compare.Where(p => report.Methods.Contains(p.Method) && report.Methods.Contains(p.Reference) && p.Method != p.Reference).Distinct()];
        }

        if (report.Methods.Count < 2 || FindingsSection.Family(report).Family.Count > 0)
        {
            return [];
        }

        string reference = report.Methods.Contains("adam") ? "adam" : report.Methods[0];
        return [.. report.Methods.Where(m => m != reference).Select(m => (m, reference))];
    }
}
