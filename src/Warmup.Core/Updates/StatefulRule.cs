namespace Warmup.Core.Updates;

/// <summary>
/// A rule that remembers something about each parameter between steps, learnt from statistics the fused pass reduces
/// (<see cref="ObservedStatistics"/>, no extra pass over memory). Planning stays pure: <see cref="Apply(in AdamCoefficients, in StepContext, in TState)"/>
/// reads the state, and only <see cref="Observe"/>, called after a step has been applied, returns a new one; a step
/// that throws or is skipped changes no state. The optimizer keeps, saves and checks the state per parameter
/// (<typeparamref name="TState"/> says how); parameters of groups without such a rule pay nothing.
/// </summary>
/// <typeparam name="TState">The state of one parameter.</typeparam>
public abstract record StatefulRule<TState> : IStatefulRule
    where TState : struct, IRuleState<TState>
{
    /// <summary>The state of a parameter that has taken no step.</summary>
    internal TState InitialState => Initial;

    /// <inheritdoc cref="IStatefulRule.StateLength" />
    int IStatefulRule.StateLength => TState.Length;

    /// <inheritdoc />
    TensorStatistics IStatefulRule.ObservedStatistics => ObservedStatistics;

    /// <summary>
    /// The statistics of each step that <see cref="Observe"/> learns from. (Protected, like <see cref="Initial"/>, so that a
    /// record's printed value, its name in checkpoints, holds only its own parameters.)
    /// </summary>
    protected abstract TensorStatistics ObservedStatistics { get; }

    /// <summary>The state of a parameter that has taken no step.</summary>
    protected abstract TState Initial { get; }

    /// <summary>The plan after this rule, for a parameter in <paramref name="state"/>.</summary>
    /// <param name="plan">The plan the rules before this one left.</param>
    /// <param name="context">The step being planned.</param>
    /// <param name="state">The parameter's state, as the last <see cref="Observe"/> left it.</param>
    public abstract AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context, in TState state);

    /// <summary>The state after a step was applied.</summary>
    /// <param name="state">The state the step was planned with.</param>
    /// <param name="taken">The step's plan.</param>
    /// <param name="statistics">The step's statistics (those in <see cref="ObservedStatistics"/>).</param>
    public abstract TState Observe(in TState state, in AdamCoefficients taken, in UpdateStatistics statistics);

    /// <inheritdoc />
    AdamCoefficients IStepRule.Apply(in AdamCoefficients plan, in StepContext context) =>
        Apply(plan, context, context.State.Length == TState.Length ? TState.Read(context.State.Span) : Initial);

    /// <inheritdoc />
    void IStatefulRule.Initialize(Span<double> state) => Initial.Write(state);

    /// <inheritdoc />
    void IStatefulRule.Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics) =>
        Observe(TState.Read(state), taken, statistics).Write(state);

    /// <inheritdoc />
    string? IStatefulRule.Invalid(ReadOnlySpan<double> state) =>
        state.Length != TState.Length ? $"{state.Length} numbers of state; the rule keeps {TState.Length}" : TState.Check(state);
}
