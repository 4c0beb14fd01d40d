using Warmup.Core.Maths;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// The base of every Adam-family chain (Kingma and Ba, with PyTorch's placement of eps): both moments, the second
/// moment's bias correction <c>sqrt(1 - beta2^t)</c>, eps (divided by it when
/// <see cref="AdaptiveHyperparameters.EpsBeforeBiasCorrection"/>), the adaptive kind, the group's learning rate and
/// the first moment's bias correction counted from step 1.
/// </summary>
public sealed record ScaleByAdam : IStepRule
{
    private ScaleByAdam()
    {
    }

    /// <summary>The rule (it has no parameters).</summary>
    public static ScaleByAdam Instance { get; } = new();

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context)
    {
        var h = context.Hyperparameters;
        double sqrtBc2 = Math.Sqrt(BiasCorrection.Of(h.Beta2, context.Step));

        // (sqrt(v) + eps) / sqrt(bc2) = sqrt(v) / sqrt(bc2) + eps / sqrt(bc2): eps before the bias correction is the
        // bias-corrected form with eps / sqrt(bc2), a per-step scalar like the others.
        return plan with
        {
            Kind = StepKind.Adaptive,
            Beta1 = h.Beta1,
            Beta2 = h.Beta2,
            SqrtBiasCorrection2 = sqrtBc2,
            Eps = h.EpsBeforeBiasCorrection ? h.Eps / sqrtBc2 : h.Eps,
            LearningRate = h.LearningRate,
            FirstMomentStep = context.Step,
        };
    }
}
