using System.Globalization;
using Warmup.Core.Statistics;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// What dynamic warmup's gate adds beyond the length of its ramp: dynamic against a fixed linear ramp with its measured
/// effective period (<c>adam+linear:365</c>) and against its own ramp ungated, reaching the full rate where it did
/// (<c>geometric</c>), at every configuration, in one family.
/// </summary>
internal sealed class RampControlsSection : IReportSection
{
    private static readonly string[] Controls = ["adam+linear:365", "geometric"];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var controls = MethodTable.Present(report, Controls);
        var configurations = MethodTable.Where(report, ["dynamic"]).Where(c => controls.Any(m => report.Cell.ContainsKey((c.LearningRate, c.Beta2, m)))).ToList();
        if (configurations.Count == 0)
        {
            return;
        }

        var family = Findings.Judge(report, configurations.SelectMany(c => controls.Select(m => (c.LearningRate, c.Beta2, "dynamic", m))));
        report.Md.Heading(3, $"What the gate adds ({report.Task})")
            .Paragraph(
                "Dynamic warmup reached the full rate at step 232 on average (210 to 250) in its 24 post-LN runs of the 2,000-step grid, with an effective " +
                "period of 182 steps (165 to 202), whatever the learning rate and beta2. The controls: adam+linear:365, a fixed linear ramp with that " +
                "effective period, and geometric, dynamic's own ramp with the gate always open and its growth set to reach the full rate at step 232 " +
                "(effective period 182 too). dynamic minus each control: " + Findings.Rule);
        MethodTable.Write(report, configurations, ["dynamic", .. controls], [.. controls.Select(m => $"dynamic - {m}")], c =>
            [.. controls.Select(m => Findings.Text(family, c, "dynamic", m))]);
        var better = family.Where(j => j.Verdict == Verdict.Better).ToList();
        string counts = string.Join(" ", controls.Where(m => family.Any(j => j.Reference == m)).Select(m => FindingsSection.Count([.. family.Where(j => j.Reference == m)], "dynamic")));
        report.Md.Paragraph(counts + " " + (better.Count == 0
            ? "**dynamic is better than neither length-matched ramp at any configuration: beyond the length of its ramp, the gate adds nothing these runs can show.**"
            : $"**dynamic is better than a length-matched ramp at {string.Join(", ", better.Select(j => string.Create(CultureInfo.InvariantCulture, $"lr {Number(j.LearningRate)} / beta2 {Number(j.Beta2)} ({j.Reference})")))}.**"));
    }
}
