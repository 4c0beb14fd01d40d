namespace Warmup.Analysis.Analyses;

/// <summary>One row of <see cref="VarianceAnalysis"/>.</summary>
/// <param name="Rho">Degrees of freedom.</param>
/// <param name="Exact">Eq. 4.</param>
/// <param name="FirstOrder">Eq. 6.</param>
public sealed record VarianceRow(double Rho, double Exact, double FirstOrder)
{
    /// <summary>|Eq. 4 - Eq. 6|.</summary>
    public double Difference => Math.Abs(Exact - FirstOrder);
}
