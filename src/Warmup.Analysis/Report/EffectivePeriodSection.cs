using Warmup.Analysis.Analyses;
using Warmup.Core.Schedules;
using Warmup.Reports;

namespace Warmup.Analysis.Report;

/// <summary>Effective warmup periods (Fig. 3a) and the schedules at beta2 = 0.999 (Fig. 3b) in the report.</summary>
public static class EffectivePeriodSection
{
    /// <summary>Computes, writes effective_period.csv/.png and schedules.csv/.png, and appends the section.</summary>
    /// <param name="dir">Output folder.</param>
    /// <param name="md">The report.</param>
    /// <param name="gridPoints">Points of the beta2 grid of the figure.</param>
    public static Section Write(string dir, MarkdownReport md, int gridPoints = 61)
    {
        ArgumentNullException.ThrowIfNull(md);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var table = EffectivePeriodSweep.Run(EffectivePeriodSweep.TableBeta2);
        var grid = EffectivePeriodSweep.Run(EffectivePeriodSweep.FigureGrid(gridPoints));
        var schedules = new (string Name, WarmupSchedule Schedule)[]
        {
            ("RAdam", WarmupSchedule.RAdam(0.999)),
            ("untuned linear", WarmupSchedule.UntunedLinear(0.999)),
            ("untuned exponential", WarmupSchedule.UntunedExponential(0.999)),
        };
        var elapsed = clock.Elapsed;

        CsvTable.Write(
            Path.Combine(dir, "effective_period.csv"),
            ["beta2", "radam", "untuned_linear", "untuned_exponential"],
            grid.Select(g => (IReadOnlyList<object>)[g.Beta2, g.RAdam, g.UntunedLinear, g.UntunedExponential]));
        double[] x = [.. grid.Select(g => 1 / (1 - g.Beta2))];
        LineChart.Save(
            Path.Combine(dir, "effective_period.png"),
            "Effective warmup period (Ma & Yarats Fig. 3a)",
            "1 / (1 - beta2)",
            "effective warmup period",
            [
                new Series("RAdam", x, [.. grid.Select(g => g.RAdam)]),
                new Series("untuned linear", x, [.. grid.Select(g => g.UntunedLinear)]),
                new Series("untuned exponential", x, [.. grid.Select(g => g.UntunedExponential)]),
            ],
            logY: true,
            logX: true);

        var steps = Enumerable.Range(1, 5000).ToArray();
        CsvTable.Write(
            Path.Combine(dir, "schedules.csv"),
            ["t", "radam", "untuned_linear", "untuned_exponential"],
            steps.Select(t => (IReadOnlyList<object>)[t, .. schedules.Select(s => (object)s.Schedule.Factor(t))]));
        LineChart.Save(
            Path.Combine(dir, "schedules.png"),
            "Warmup factors at beta2 = 0.999 (Ma & Yarats Fig. 3b)",
            "step t",
            "omega_t",
            schedules.Select(s => new Series(s.Name, [.. steps.Select(t => (double)t)], [.. steps.Select(t => s.Schedule.Factor(t))])));

        var at999 = table.Single(r => r.Beta2 == 0.999);
        var excess = table.Select(r => (r.Beta2, Percent: 100 * ((r.RAdam / r.UntunedLinear) - 1))).ToList();
        var (least, most) = (excess.MinBy(e => e.Percent), excess.MaxBy(e => e.Percent));
        md.Heading(2, "Effective warmup period")
            .Paragraph(
                "The effective warmup period T = sum over t of (1 - omega_t) of RAdam's fixed warmup (omega_t = r_t, zero for t <= 4 as in " +
                "the paper's footnote 7), untuned linear warmup (tau = 2/(1 - beta2), closed form n - n(n+1)/(2 tau)) and untuned " +
                "exponential warmup (tau = 1/(1 - beta2), closed form 1/(e^(1/tau) - 1)). The paper (Section 4.4, Fig. 3a) finds them " +
                $"nearly identical for all practical beta2, about 1000 at beta2 = 0.999; we get {MarkdownReport.Number(at999.RAdam, 6)}, " +
                $"{MarkdownReport.Number(at999.UntunedLinear, 6)} and {MarkdownReport.Number(at999.UntunedExponential, 6)}. RAdam's is " +
                $"longer than untuned linear's by {least.Percent:F1} % (beta2 = {least.Beta2}) to {most.Percent:F1} % (beta2 = {most.Beta2}): " +
                "its four zero steps and slower approach to 1 weigh more when the period is short.")
            .Table(
                ["beta2", "RAdam", "untuned linear", "untuned exponential"],
                table.Select(r => (IReadOnlyList<string>)[MarkdownReport.Number(r.Beta2, 6), MarkdownReport.Number(r.RAdam, 7), MarkdownReport.Number(r.UntunedLinear, 7), MarkdownReport.Number(r.UntunedExponential, 7)]))
            .Image("Effective warmup period against beta2", "effective_period.png")
            .Paragraph("Over time at beta2 = 0.999 (Fig. 3b), the RAdam and exponential factors have nearly the same shape; linear reaches 1 at t = 2000.")
            .Image("Warmup factors over t at beta2 = 0.999", "schedules.png");
        return new Section(
            "effective_warmup_period",
            table.Select(r => new { r.Beta2, Radam = r.RAdam, r.UntunedLinear, r.UntunedExponential }).ToList(),
            elapsed);
    }
}
