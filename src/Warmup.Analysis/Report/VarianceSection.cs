using Warmup.Analysis.Analyses;
using Warmup.Reports;

namespace Warmup.Analysis.Report;

/// <summary>The variance of the adaptive learning rate (Liu et al. Eq. 4 and 6, Fig. 8, Theorem 1) in the report.</summary>
public static class VarianceSection
{
    /// <summary>Writes variance.csv and variance.png and appends the section.</summary>
    public static Section Write(VarianceResult r, string dir, MarkdownReport md)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(md);
        CsvTable.Write(
            Path.Combine(dir, "variance.csv"),
            ["rho", "exact_eq4", "first_order_eq6", "abs_difference"],
            r.Rows.Select(v => (IReadOnlyList<object>)[v.Rho, v.Exact, v.FirstOrder, v.Difference]));
        double[] rho = [.. r.Rows.Select(v => v.Rho)];
        LineChart.Save(
            Path.Combine(dir, "variance.png"),
            "Var[psi]: Eq. 4, Eq. 6 and their difference (Liu et al. Fig. 8)",
            "rho",
            "variance",
            [
                new Series("Eq. 4 (exact)", rho, [.. r.Rows.Select(v => v.Exact)]),
                new Series("Eq. 6 (first order)", rho, [.. r.Rows.Select(v => v.FirstOrder)]),
                new Series("|difference|", rho, [.. r.Rows.Select(v => v.Difference)]),
            ],
            logY: true);

        // Where the paper's "difference much smaller than the value, by more than an order of magnitude" holds.
        var tenfold = r.Rows.FirstOrDefault(v => r.Rows.Where(w => w.Rho >= v.Rho).All(w => w.Difference < w.Exact / 10));
        var at5 = r.Rows[0];
        md.Heading(2, "Variance of the adaptive learning rate")
            .Paragraph(
                "For psi = sqrt(x), x ~ Scale-inv-chi^2(rho, 1): the exact Var[psi] of Eq. 4, computed from log-gamma differences " +
                "(E[sqrt x]^2 = (rho/2)(Gamma((rho-1)/2)/Gamma(rho/2))^2, equal to Eq. 4's Beta-function form by Legendre's duplication " +
                "formula; Eq. 3 as printed has Gamma(rho/2 - 1), a typo), and the first-order approximation of Eq. 6, rho/(2(rho-2)(rho-4)).")
            .Paragraph(
                $"Theorem 1 (Var[psi] decreases in rho) {(r.MonotoneDecreasing ? "holds" : "FAILS")} at all {r.CheckedPoints:N0} points of a grid on (4, {r.Rows[^1].Rho}]. " +
                $"Var at rho = 5 over Var at rho = 500 is {r.RatioFiveTo500:F1} by Eq. 4 ({r.RatioFiveTo500FirstOrder:F1} by Eq. 6): the paper's " +
                $"\"over 100 times\" holds. The paper also says the difference is more than an order of magnitude below the values (Fig. 8); " +
                (tenfold is null
                    ? "that holds nowhere on this range."
                    : $"that holds for rho >= {tenfold.Rho}, but not near rho = 5, where Eq. 6 gives {at5.FirstOrder:F4} against the exact {at5.Exact:F4}."))
            .Table(
                ["rho", "Eq. 4", "Eq. 6", "|difference|"],
                r.Rows.Where(v => v.Rho is 5 or 6 or 8 or 10 or 20 or 50 or 100 or 200 or 500).Select(v => (IReadOnlyList<string>)[$"{v.Rho}", MarkdownReport.Number(v.Exact, 6), MarkdownReport.Number(v.FirstOrder, 6), MarkdownReport.Number(v.Difference, 3)]))
            .Image("Eq. 4, Eq. 6 and their difference against rho", "variance.png");
        return new Section(
            "variance",
            new
            {
                r.MonotoneDecreasing,
                r.CheckedPoints,
                RatioRho5ToRho500 = r.RatioFiveTo500,
                RatioRho5ToRho500FirstOrder = r.RatioFiveTo500FirstOrder,
                DifferenceBelowTenthFromRho = tenfold?.Rho,
                ExactAtRho5 = at5.Exact,
                FirstOrderAtRho5 = at5.FirstOrder,
            },
            r.Elapsed);
    }
}
