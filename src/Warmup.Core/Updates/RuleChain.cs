using Warmup.Core.Maths;

namespace Warmup.Core.Updates;

/// <summary>Plans one parameter's step by applying a list of <see cref="IStepRule"/>s in order.</summary>
public static class RuleChain
{
    /// <summary>
    /// Folds <paramref name="rules"/> over an empty plan, then sets the step size every kernel kind reads:
    /// <c>LearningRate / (1 - beta1^FirstMomentStep)</c> for the kinds that move the parameter, 0 for the others.
    /// Stateful rules plan with their initial state.
    /// </summary>
    /// <param name="rules">The rules, the first usually <see cref="Rules.ScaleByAdam"/>.</param>
    /// <param name="context">The step (with its <see cref="StepContext.Statistics"/> when a rule asks for them).</param>
    public static AdamCoefficients Plan(IReadOnlyList<IStepRule> rules, in StepContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Finish(Fold(rules, 0, rules.Count, Empty, context, default));
    }

    /// <summary>
    /// <see cref="Plan(IReadOnlyList{IStepRule}, in StepContext)"/> for a parameter whose rule state is
    /// <paramref name="state"/> (the states of the chain's stateful rules one after the other, in chain order).
    /// </summary>
    internal static AdamCoefficients Plan(IReadOnlyList<IStepRule> rules, in StepContext context, ReadOnlyMemory<double> state) =>
        Finish(Fold(rules, 0, rules.Count, Empty, context, state));

    /// <summary>
    /// Applies rules <paramref name="from"/> .. <paramref name="to"/> - 1 to <paramref name="plan"/>; stateful rules read
    /// their part of <paramref name="state"/> (empty: their initial state).
    /// </summary>
    internal static AdamCoefficients Fold(IReadOnlyList<IStepRule> rules, int from, int to, AdamCoefficients plan, in StepContext context, ReadOnlyMemory<double> state)
    {
        int offset = 0;
        for (int i = 0; i < to; i++)
        {
            if (rules[i] is IStatefulRule stateful)
            {
                if (i >= from)
                {
                    var own = state.Length == 0 ? default : state.Slice(offset, stateful.StateLength);
                    plan = stateful.Apply(plan, context with { State = own });
                }

                offset += stateful.StateLength;
            }
            else if (i >= from)
            {
                plan = rules[i].Apply(plan, context);
            }
        }

        return plan;
    }

    /// <summary>Sets the step size from the learning rate and the first moment's bias correction.</summary>
    internal static AdamCoefficients Finish(in AdamCoefficients plan) => plan with
    {
        StepSize = plan.Kind is StepKind.Adaptive or StepKind.Momentum
            ? plan.LearningRate / BiasCorrection.Of(plan.Beta1, plan.FirstMomentStep)
            : 0.0,
    };

    /// <summary>The plan no rule has touched: neutral terms, no movement.</summary>
    internal static AdamCoefficients Empty => new() { GradientSign = 1.0, Decay = 1.0, Kind = StepKind.MomentsOnly };

    /// <summary>
    /// The statistics the chain's rules ask of the step being planned, and the first rule that asks (the rules before it
    /// plan the step those statistics describe); (count of rules, None) when none asks.
    /// </summary>
    internal static (int First, TensorStatistics Which) CurrentStatistics(IReadOnlyList<IStepRule> rules)
    {
        int first = rules.Count;
        var which = TensorStatistics.None;
        for (int i = rules.Count - 1; i >= 0; i--)
        {
            if (rules[i].CurrentStatistics is not TensorStatistics.None and var asked)
            {
                (first, which) = (i, which | asked);
            }
        }

        return (first, which);
    }

    /// <summary>The statistics the chain's stateful rules learn from after each step.</summary>
    internal static TensorStatistics ObservedStatistics(IReadOnlyList<IStepRule> rules) =>
        rules.OfType<IStatefulRule>().Aggregate(TensorStatistics.None, (all, r) => all | r.ObservedStatistics);

    /// <summary>Numbers of rule state a parameter keeps for <paramref name="rules"/>.</summary>
    internal static int StateLength(IReadOnlyList<IStepRule> rules) => rules.Sum(r => r is IStatefulRule s ? s.StateLength : 0);

    /// <summary>Sets the state of a parameter that has taken no step: each stateful rule initializes its part.</summary>
    internal static void Initialize(IReadOnlyList<IStepRule> rules, Span<double> state)
    {
        int offset = 0;
        foreach (var rule in rules)
        {
            if (rule is IStatefulRule stateful)
            {
                stateful.Initialize(state.Slice(offset, stateful.StateLength));
                offset += stateful.StateLength;
            }
        }
    }

    /// <summary>After a step was applied, lets each stateful rule learn from its statistics.</summary>
    internal static void Observe(IReadOnlyList<IStepRule> rules, Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics)
    {
        int offset = 0;
        foreach (var rule in rules)
        {
            if (rule is IStatefulRule stateful)
            {
                stateful.Observe(state.Slice(offset, stateful.StateLength), taken, statistics);
                offset += stateful.StateLength;
            }
        }
    }

    /// <summary>Why <paramref name="state"/> is not a rule state of <paramref name="rules"/>, naming the rule, or null when it is.</summary>
    internal static string? Invalid(IReadOnlyList<IStepRule> rules, ReadOnlySpan<double> state)
    {
        int length = StateLength(rules);
        if (state.Length != length)
        {
            return $"{state.Length} numbers of rule state; the rules keep {length}";
        }

        int offset = 0;
        foreach (var rule in rules)
        {
            if (rule is IStatefulRule stateful)
            {
                if (stateful.Invalid(state.Slice(offset, stateful.StateLength)) is { } why)
                {
                    return $"{rule}: {why}";
                }

                offset += stateful.StateLength;
            }
        }

        return null;
    }
}
