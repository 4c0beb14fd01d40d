namespace Warmup.Core.Updates;

/// <summary>
/// What the optimizers see of a rule that keeps state per parameter (<see cref="StatefulRule{TState}"/>, through
/// which every such rule is written): its state as numbers, initialized, read by planning, changed only after a
/// step was applied, and checked before a checkpoint's state is taken.
/// </summary>
internal interface IStatefulRule : IStepRule
{
    /// <summary>Numbers of state this rule keeps per parameter (fixed for the rule).</summary>
    int StateLength { get; }

    /// <summary>The statistics of each step this rule learns from, reduced in the step's own pass.</summary>
    TensorStatistics ObservedStatistics { get; }

    /// <summary>Sets the state of a parameter that has taken no step.</summary>
    void Initialize(Span<double> state);

    /// <summary>Updates the state after a step was applied.</summary>
    void Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics);

    /// <summary>Why <paramref name="state"/> is not a state this rule can be in, or null when it is.</summary>
    string? Invalid(ReadOnlySpan<double> state);
}
