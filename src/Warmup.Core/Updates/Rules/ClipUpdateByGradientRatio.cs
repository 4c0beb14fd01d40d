namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Update clipping as in StableAdamW (Wortsman et al. 2023, after Adafactor): the learning rate of a tensor is
/// divided by <c>max(1, RMS(g^2 / v_hat))</c>, which exceeds 1 when gradients are large against the second moment that
/// should bound them. The RMS is the one reduced inside the fused pass of the tensor's previous step (one
/// step late, so that the pass stays single; StableAdamW uses the current step's, which needs a second pass over g
/// and v), kept as the rule's state (1 number per tensor, saved with the optimizer). Place it after the rules that
/// set the learning rate; decoupled weight decay placed before it keeps the unclipped rate.
/// </summary>
public sealed class ClipUpdateByGradientRatio : IStatefulRule
{
    /// <summary>The rule.</summary>
    public static ClipUpdateByGradientRatio Instance { get; } = new();

    private ClipUpdateByGradientRatio()
    {
    }

    /// <inheritdoc />
    public int StateLength => 1;

    /// <inheritdoc />
    public void Initialize(Span<double> state) => state[0] = 0.0;

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan with { LearningRate = plan.LearningRate / Math.Max(1.0, context.State.Span[0]) };

    /// <inheritdoc />
    public void Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics) =>
        state[0] = statistics.GradientRatioRms;
}
