namespace Warmup.Core.Updates;

/// <summary>What a <see cref="IStepRule"/> may read about the step it plans.</summary>
/// <param name="Step">The parameter's 1-based step t.</param>
/// <param name="Hyperparameters">The group's hyperparameters as set (before any rule, e.g. before warmup).</param>
public readonly record struct StepContext(long Step, AdaptiveHyperparameters Hyperparameters)
{
    /// <summary>
    /// The statistics of the step being planned (<see cref="IStepRule.CurrentStatistics"/> of the chain's rules), as the
    /// rules before the first that asks for them planned it; <see cref="UpdateStatistics.None"/> when no rule asks.
    /// </summary>
    public UpdateStatistics Statistics { get; init; }

    /// <summary>A <see cref="StatefulRule{TState}"/>'s own state for this parameter; empty for other rules.</summary>
    internal ReadOnlyMemory<double> State { get; init; }
}
