namespace Warmup.Analysis.Analyses;

/// <summary>Var[psi_t] and Var[r_t psi_t] over trajectories, per mean and iteration.</summary>
/// <param name="Settings">What was simulated.</param>
/// <param name="Variance">Variance[i][t - 1]: Var[psi_t] for the i-th mean.</param>
/// <param name="RectifiedVariance">Var[r_t psi_t] = r_t^2 Var[psi_t] (r_t is deterministic); NaN before rectification.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record RectifiedVarianceResult(RectifiedVarianceSettings Settings, double[][] Variance, double[][] RectifiedVariance, TimeSpan Elapsed);
