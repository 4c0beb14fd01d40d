using Warmup.Analysis.Analyses;
using Warmup.Core.Maths;
using Warmup.Reports;

namespace Warmup.Analysis.Report;

/// <summary>Fact 3.1 in the report: table, figure of rho_4..6 over beta2, CSV.</summary>
public static class FactThreeOneSection
{
    /// <summary>Writes fact31.csv and fact31.png into <paramref name="dir"/> and appends the section.</summary>
    public static Section Write(FactThreeOneResult r, string dir, MarkdownReport md)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(md);
        var betas = Enumerable.Range(0, 390).Select(i => 0.61 + (0.001 * i)).ToList();
        CsvTable.Write(
            Path.Combine(dir, "fact31.csv"),
            ["beta2", "rho_4", "rho_5", "rho_6", "first_step_with_rho_above_4"],
            betas.Select(b => (IReadOnlyList<object>)[b, Rectification.Rho(4, b), Rectification.Rho(5, b), Rectification.Rho(6, b), Rectification.FirstStepAbove(4, b)!.Value]));
        double[] xs = [.. betas];
        LineChart.Save(
            Path.Combine(dir, "fact31.png"),
            "rho_t near the threshold 4 (Fact 3.1)",
            "beta2",
            "rho_t",
            [
                new Series("rho_4", xs, [.. betas.Select(b => Rectification.Rho(4, b))]),
                new Series("rho_5", xs, [.. betas.Select(b => Rectification.Rho(5, b))]),
                new Series("rho_6", xs, [.. betas.Select(b => Rectification.Rho(6, b))]),
                new Series("threshold 4", xs, [.. betas.Select(_ => 4.0)], Color: 7, Dashed: true),
            ]);

        md.Heading(2, "Fact 3.1: RAdam rectifies from step 5")
            .Paragraph(
                $"Ma & Yarats state that for 0.8 <= beta2 < 1, rho_t <= 4 exactly for t <= 4. We checked {r.Checked:N0} values of beta2 " +
                "(a uniform grid on [0.8, 1), 1 - 10^-k for k = 2..15 and the largest double below 1), requiring rho_1..rho_4 <= 4 < rho_5 " +
                $"and rho_t increasing up to t = 16. **It {(r.Holds ? "holds at every one" : $"fails at {r.Counterexamples.Count} values, e.g. {string.Join(", ", r.Counterexamples.Take(3))}")}.** " +
                "Near beta2 = 1, rho_t tends to t, so rho_4 approaches 4 from below: the textbook formula rho_inf - 2t beta2^t/(1 - beta2^t) " +
                "cancels catastrophically there (at beta2 = 1 - 1e-6 it puts rho_4 above 4); we evaluate rho_t with an equivalent " +
                "sum of positive terms, checked against exact rational arithmetic in the tests.")
            .Paragraph(
                $"The bound 0.8 is not tight: the equivalence holds for every beta2 above {MarkdownReport.Number(r.FailsBelow, 10)}, where rho_5 = 4 " +
                "(bisection), and fails at and below it, where rectification starts later:")
            .Table(["beta2", "first step with rho_t > 4"], r.FirstRectifiedStepBelow.Select(x => (IReadOnlyList<string>)[MarkdownReport.Number(x.Beta2, 10), $"{x.FirstStep}"]))
            .Image("rho_4, rho_5, rho_6 against beta2", "fact31.png");
        return new Section(
            "fact31",
            new
            {
                r.Holds,
                r.Checked,
                r.Counterexamples,
                r.FailsBelow,
                FirstRectifiedStepBelow = r.FirstRectifiedStepBelow.Select(x => new { x.Beta2, Step = x.FirstStep }),
            },
            r.Elapsed);
    }
}
