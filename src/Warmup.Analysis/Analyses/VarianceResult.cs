namespace Warmup.Analysis.Analyses;

/// <summary>The result of <see cref="VarianceAnalysis.Run"/>.</summary>
/// <param name="Rows">Eq. 4, Eq. 6 and their difference at rho = 5 .. 500 (Fig. 8 of Liu et al.).</param>
/// <param name="MonotoneDecreasing">Theorem 1: Eq. 4 strictly decreases over the fine grid checked.</param>
/// <param name="CheckedPoints">Points of that grid.</param>
/// <param name="RatioFiveTo500">Var at rho = 5 over Var at rho = 500, by Eq. 4 (the paper: over 100).</param>
/// <param name="RatioFiveTo500FirstOrder">The same ratio by Eq. 6.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record VarianceResult(IReadOnlyList<VarianceRow> Rows, bool MonotoneDecreasing, int CheckedPoints, double RatioFiveTo500, double RatioFiveTo500FirstOrder, TimeSpan Elapsed);
