namespace Warmup.Experiments.Report;

/// <summary>
/// Liu et al.'s Section 3.1 (their Fig. 1): whether Adam-2k (the first K steps update only v) and Adam-eps (a large
/// eps) avoid the failure of Adam without warmup, and how they compare with untuned linear warmup.
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

        report.Md.Heading(3, $"Liu et al. Section 3.1 ({report.Task})")
            .Paragraph(
                "Liu et al. (Section 3.1, Fig. 1) report that Adam-2k (only v updated for the first K steps, K extra steps) avoids the failure of Adam without " +
                "warmup, and that Adam-eps (eps = 1e-4, added before bias correction) avoids it too but trains worse. Each control against adam and against " +
                "untuned-linear, with the report's test of seed noise:");
        MethodTable.Write(report, configurations, ["adam", .. controls, "untuned-linear"], [.. controls.SelectMany(m => new[] { $"{m} - adam", $"{m} - untuned-linear" })], c =>
            [.. controls.SelectMany(m => report.Cell.TryGetValue((c.LearningRate, c.Beta2, m), out var cell)
                ? new[] { Findings.Versus((m, cell), MethodTable.Cell(report, c, "adam"), report.HigherIsBetter), Findings.Versus((m, cell), MethodTable.Cell(report, c, "untuned-linear"), report.HigherIsBetter) }
                : ["-", "-"])]);
    }
}
