namespace Warmup.Core.Updates;

/// <summary>
/// The per-parameter state of a <see cref="StatefulRule{TState}"/>: a small value type that says how it is saved (a
/// fixed number of float64s) and which saved values are valid, so that a checkpoint holding a state the rule can never
/// be in (NaN, a negative factor) is refused before anything is loaded.
/// </summary>
/// <typeparam name="TSelf">The state type.</typeparam>
public interface IRuleState<TSelf>
    where TSelf : struct, IRuleState<TSelf>
{
    /// <summary>How many float64s the state is saved as.</summary>
    static abstract int Length { get; }

    /// <summary>The state saved as <paramref name="values"/> (<see cref="Length"/> numbers that <see cref="Check"/> accepts).</summary>
    /// <param name="values">The saved numbers.</param>
    static abstract TSelf Read(ReadOnlySpan<double> values);

    /// <summary>Why <paramref name="values"/> is not a valid saved state, or null when it is.</summary>
    /// <param name="values">The saved numbers (<see cref="Length"/> of them).</param>
    static abstract string? Check(ReadOnlySpan<double> values);

    /// <summary>Saves the state as <see cref="Length"/> numbers.</summary>
    /// <param name="values">Where to write.</param>
    void Write(Span<double> values);
}
