namespace Warmup.Core.Updates.Rules;

/// <summary>Ascends instead of descending when <see cref="AdaptiveHyperparameters.Maximize"/> is set: the gradient's sign is flipped before the moments.</summary>
public sealed record MaximizeObjective : IStepRule
{
    private MaximizeObjective()
    {
    }

    /// <summary>The rule.</summary>
    public static MaximizeObjective Instance { get; } = new();

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan with { GradientSign = context.Hyperparameters.Maximize ? -1.0 : 1.0 };
}
