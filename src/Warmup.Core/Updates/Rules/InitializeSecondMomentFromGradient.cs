namespace Warmup.Core.Updates.Rules;

/// <summary>
/// GI-Adam (Kalra and Barkeshli, NeurIPS 2024, "Why Warmup the Learning Rate?"): the second moment starts from the
/// first gradient squared instead of zero. Step 1 sets <c>v = g^2</c> (beta2 taken as 0 for that step, the same as
/// <c>v_0 = g_1^2</c> followed by the usual update); from then on v is Adam's average, whose weights already sum to
/// one, so v's bias correction is dropped (<c>sqrt(1 - beta2^t)</c> = 1, eps as given). The first moment and its
/// bias correction are Adam's. This is our reading of the method; the authors' code may treat bias correction
/// differently. Place it after <see cref="ScaleByAdam"/>. No state, no cost.
/// </summary>
public sealed class InitializeSecondMomentFromGradient : IStepRule
{
    /// <summary>The rule.</summary>
    public static InitializeSecondMomentFromGradient Instance { get; } = new();

    private InitializeSecondMomentFromGradient()
    {
    }

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan with
        {
            Beta2 = context.Step == 1 ? 0.0 : plan.Beta2,
            SqrtBiasCorrection2 = 1.0,
            Eps = context.Hyperparameters.Eps,
        };
}
