namespace Warmup.Core.Updates.Rules;

/// <summary>Ascends instead of descending when <see cref="AdaptiveHyperparameters.Maximize"/> is set: the gradient's sign is flipped before the moments.</summary>
public sealed class MaximizeObjective : IStepRule
{
    /// <summary>The rule.</summary>
    public static MaximizeObjective Instance { get; } = new();

    private MaximizeObjective()
    {
    }

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan with { GradientSign = context.Hyperparameters.Maximize ? -1.0 : 1.0 };
}
