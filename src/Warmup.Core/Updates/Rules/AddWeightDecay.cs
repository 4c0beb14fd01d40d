namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Weight decay, in the form <see cref="AdaptiveHyperparameters.DecoupledWeightDecay"/> asks for: the L2 penalty
/// <c>g += wd * p</c> (Adam, RAdam), or decoupled decay <c>p *= 1 - lr * wd</c> with the learning rate the rules
/// before this one left (AdamW; after warmup, before rectification, as PyTorch does). A rule after it that scales the
/// rate (<see cref="AdamCoefficients.ScaleLearningRate"/>) scales the decoupled decay too.
/// </summary>
public sealed record AddWeightDecay : IStepRule
{
    private AddWeightDecay()
    {
    }

    /// <summary>The rule (it reads its parameters from the group's hyperparameters).</summary>
    public static AddWeightDecay Instance { get; } = new();

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context)
    {
        var h = context.Hyperparameters;
        return h.DecoupledWeightDecay
            ? plan with { Decay = 1.0 - (plan.LearningRate * h.WeightDecay) }
            : plan with { L2 = h.WeightDecay };
    }
}
