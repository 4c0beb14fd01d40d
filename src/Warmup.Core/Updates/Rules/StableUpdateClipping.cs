namespace Warmup.Core.Updates.Rules;

/// <summary>
/// StableAdamW's update clipping as published (Wortsman et al. 2023, "Stable and low-precision training for
/// large-scale vision-language models", Algorithm 2, after Adafactor): per tensor, the learning rate of this step is
/// divided by <c>max(1, RMS_t)</c>, <c>RMS_t = sqrt(mean(g_t^2 / max(v_hat_t, eps^2)))</c> with the second moment that
/// already includes this step's gradient, and decoupled weight decay uses the divided rate. The current step's RMS needs
/// the step's v before the step is planned: the optimizer reads p, g, m, v once more in a read-only pass
/// (<see cref="IStepRule.CurrentStatistics"/>; its cost is in <c>warmup bench optimizers</c>). No state.
/// </summary>
public sealed record StableUpdateClipping : IStepRule
{
    private StableUpdateClipping()
    {
    }

    /// <summary>The rule.</summary>
    public static StableUpdateClipping Instance { get; } = new();

    /// <inheritdoc />
    TensorStatistics IStepRule.CurrentStatistics => TensorStatistics.ClampedGradientRatio;

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan.ScaleLearningRate(1.0 / Math.Max(1.0, context.Statistics.ClampedGradientRatioRms));
}
