namespace Warmup.Core.Schedules;

/// <summary>The warmup schedules of Ma and Yarats (2021), by the names the command line uses.</summary>
public enum WarmupKind
{
    /// <summary>No warmup: omega_t = 1.</summary>
    None,

    /// <summary>Linear warmup (Ma and Yarats Eq. 5): omega_t = min(1, t / tau).</summary>
    Linear,

    /// <summary>Exponential warmup (Eq. 12): omega_t = 1 - exp(-t / tau).</summary>
    Exponential,

    /// <summary>Untuned linear warmup (Eq. 14): linear with tau = 2 / (1 - beta2), the paper's recommendation.</summary>
    UntunedLinear,

    /// <summary>Untuned exponential warmup (Eq. 13): exponential with tau = 1 / (1 - beta2).</summary>
    UntunedExponential,

    /// <summary>RAdam-shaped warmup: omega_t = r_t (Eq. 8) where rho_t &gt; 4; see <see cref="RAdamEarlySteps"/> before.</summary>
    RAdam,
}
