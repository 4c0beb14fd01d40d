namespace Warmup.Core.Updates;

/// <summary>What a <see cref="IStepRule"/> may read about the step it plans.</summary>
/// <param name="Step">The parameter's 1-based step t.</param>
/// <param name="Hyperparameters">The group's hyperparameters as set (before any rule, e.g. before warmup).</param>
public readonly record struct StepContext(long Step, AdaptiveHyperparameters Hyperparameters)
{
    /// <summary>
    /// For an <see cref="IStatefulRule"/>, its own state for this parameter (<see cref="IStatefulRule.StateLength"/>
    /// numbers, as <see cref="IStatefulRule.Observe"/> left them); empty for other rules.
    /// </summary>
    public ReadOnlyMemory<double> State { get; init; }
}
