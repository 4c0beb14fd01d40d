namespace Warmup.Core.Schedules;

/// <summary>
/// The RAdam-shaped warmup factor for the first steps, where rho_t &lt;= 4 and r_t is undefined (steps 1-4 for
/// beta2 &gt;= 0.8): the three options of Ma and Yarats' ablation (Section 3.1), which they found uniformly negligible.
/// </summary>
public enum RAdamEarlySteps
{
    /// <summary>omega_t = 0: do nothing (the paper's convention for the effective warmup period, its footnote 7).</summary>
    Zero,

    /// <summary>omega_t = omega_t0, the factor of the first rectified step t0 (5 for beta2 &gt;= 0.8).</summary>
    Constant,

    /// <summary>omega_t = omega_t0 * t / t0: linear warmup up to the first rectified step's factor.</summary>
    Linear,
}
