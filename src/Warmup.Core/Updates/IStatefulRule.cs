namespace Warmup.Core.Updates;

/// <summary>
/// An <see cref="IStepRule"/> that remembers something about its parameter between steps, learnt from the
/// statistics of the steps taken (<see cref="UpdateStatistics"/>, reduced inside the fused pass with no extra pass
/// over memory). Planning stays pure: <see cref="IStepRule.Apply"/> reads the state (<see cref="StepContext.State"/>),
/// and only <see cref="Observe"/>, called after a step has been applied, changes it; a step that throws or is skipped
/// changes no state. The optimizer keeps and saves the state per parameter; a parameter whose chain holds such a rule
/// has its statistics reduced in every step (a few more floating-point operations per element); others pay nothing.
/// </summary>
public interface IStatefulRule : IStepRule
{
    /// <summary>Numbers of state this rule keeps per parameter (fixed for the rule).</summary>
    int StateLength { get; }

    /// <summary>Sets the state of a parameter that has taken no step.</summary>
    /// <param name="state">The rule's state, <see cref="StateLength"/> numbers.</param>
    void Initialize(Span<double> state);

    /// <summary>Updates the state after a step was applied.</summary>
    /// <param name="state">The rule's state, <see cref="StateLength"/> numbers.</param>
    /// <param name="taken">The step's plan.</param>
    /// <param name="statistics">The step's statistics.</param>
    void Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics);
}
