namespace Warmup.Core.Updates;

/// <summary>
/// Per-tensor sums a rule can ask the fused pass for (<see cref="IStepRule.CurrentStatistics"/>,
/// <see cref="IStatefulRule.ObservedStatistics"/>): each is summed over the tensor's elements inside the pass that
/// updates it (or a read-only pass before it, for the current step's), so no rule reads memory again. A pass sums only
/// what its chain asks for. The values are in <see cref="UpdateStatistics"/>.
/// </summary>
/// <remarks>
/// Notation, per element, as the step computes it: <c>p</c> the parameter before the step, <c>g'</c> the signed
/// gradient with its L2 term, <c>v*</c> the second moment the step divides by (AMSGrad's maximum with AMSGrad),
/// <c>v_hat = v* / (1 - beta2^t)</c>, and <c>u</c> the direction the step applies before the learning rate:
/// <c>m_hat / (sqrt(v_hat) + eps)</c> for the adaptive step, <c>m_hat</c> for the momentum step, 0 for the kinds that
/// leave the parameter alone. A new statistic is one value here and its term in <c>Kernels.StatisticTerms</c>.
/// </remarks>
[Flags]
#pragma warning disable CA1711 // "Statistics" names what the flags are.
public enum TensorStatistics
#pragma warning restore CA1711
{
    /// <summary>Nothing: the pass reduces nothing and costs nothing extra.</summary>
    None = 0,

    /// <summary>The sum of <c>u^2</c> (<see cref="UpdateStatistics.UpdateRms"/>).</summary>
    UpdateSquared = 1,

    /// <summary>The sum of <c>(g' / (sqrt(v_hat) + eps))^2</c>, with the step's own denominator (<see cref="UpdateStatistics.GradientRatioRms"/>).</summary>
    GradientRatioSquared = 2,

    /// <summary>The sum of <c>g'^2 / max(v_hat, eps^2)</c>, StableAdamW's form (Wortsman et al. 2023; <see cref="UpdateStatistics.ClampedGradientRatioRms"/>).</summary>
    ClampedGradientRatio = 4,

    /// <summary>The sum of <c>p^2</c> before the step (<see cref="UpdateStatistics.ParameterNorm"/>).</summary>
    ParameterSquared = 8,

    /// <summary>The sum of <c>u p</c> (with the two above, the norm of <c>u + wd p</c>: LAMB's update).</summary>
    UpdateDotParameter = 16,
}
