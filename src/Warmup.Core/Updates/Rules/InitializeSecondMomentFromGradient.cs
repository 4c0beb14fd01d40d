namespace Warmup.Core.Updates.Rules;

/// <summary>
/// GI-Adam (Kalra and Barkeshli, NeurIPS 2024, "Why Warmup the Learning Rate?"): the second moment starts from the
/// first gradient squared instead of zero, <c>v_0 = g_1^2</c>, so that step 1 sets <c>v = g^2</c> (beta2 taken as 0 for
/// that step). The paper's text allows two readings of what follows, and both are here:
/// <list type="bullet">
/// <item><see cref="Uncorrected"/>: v's bias correction is dropped (v's weights already sum to one), so the first steps
/// are Adam's with a well-estimated v; step 1 moves by <c>lr g / (|g| + eps)</c>, as Adam's does.</item>
/// <item><see cref="BiasCorrected"/>: Adam's bias correction <c>sqrt(1 - beta2^t)</c> is kept, which with <c>v_0 = g^2</c>
/// makes v_hat about <c>g^2 / (1 - beta2^t)</c>: the step is scaled by about <c>sqrt(1 - beta2^t)</c>, a warmup that comes
/// from the initialization itself (the mechanism the paper describes).</item>
/// </list>
/// Place it after <see cref="ScaleByAdam"/>. No state, no cost.
/// </summary>
/// <param name="KeepBiasCorrection">True for <see cref="BiasCorrected"/>.</param>
public sealed record InitializeSecondMomentFromGradient(bool KeepBiasCorrection) : IStepRule
{
    /// <summary>The reading without v's bias correction (the first one this project ran, as <c>gi-adam</c>).</summary>
    public static InitializeSecondMomentFromGradient Uncorrected { get; } = new(false);

    /// <summary>The reading with Adam's bias correction kept (<c>gi-adam-bc</c>).</summary>
    public static InitializeSecondMomentFromGradient BiasCorrected { get; } = new(true);

    /// <summary>The rule's name: <c>InitializeSecondMomentFromGradient</c> for the uncorrected reading (as earlier checkpoints name it), with <c>(bias-corrected)</c> for the other.</summary>
    public override string ToString() => KeepBiasCorrection ? $"{nameof(InitializeSecondMomentFromGradient)}(bias-corrected)" : nameof(InitializeSecondMomentFromGradient);

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        KeepBiasCorrection
            ? plan with { Beta2 = context.Step == 1 ? 0.0 : plan.Beta2 }
            : plan with
            {
                Beta2 = context.Step == 1 ? 0.0 : plan.Beta2,
                SqrtBiasCorrection2 = 1.0,
                Eps = context.Hyperparameters.Eps,
            };
}
