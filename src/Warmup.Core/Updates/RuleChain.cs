using Warmup.Core.Maths;

namespace Warmup.Core.Updates;

/// <summary>Plans one parameter's step by applying a list of <see cref="IStepRule"/>s in order.</summary>
public static class RuleChain
{
    /// <summary>
    /// Folds <paramref name="rules"/> over an empty plan, then sets the step size every kernel kind reads:
    /// <c>LearningRate / (1 - beta1^FirstMomentStep)</c> for the kinds that move the parameter, 0 for the others.
    /// </summary>
    /// <param name="rules">The rules, the first usually <see cref="Rules.ScaleByAdam"/>.</param>
    /// <param name="context">The step.</param>
    /// <param name="state">
    /// The parameter's rule state: the states of the chain's <see cref="IStatefulRule"/>s one after the other, in chain
    /// order (<see cref="StateLength"/> numbers; empty when none keeps state).
    /// </param>
    public static AdamCoefficients Plan(IReadOnlyList<IStepRule> rules, in StepContext context, ReadOnlyMemory<double> state = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var plan = Empty;
        int offset = 0;
        for (int i = 0; i < rules.Count; i++)
        {
            if (rules[i] is IStatefulRule stateful)
            {
                plan = stateful.Apply(plan, context with { State = state.Slice(offset, stateful.StateLength) });
                offset += stateful.StateLength;
            }
            else
            {
                plan = rules[i].Apply(plan, context);
            }
        }

        return plan with
        {
            StepSize = plan.Kind is StepKind.Adaptive or StepKind.Momentum
                ? plan.LearningRate / BiasCorrection.Of(plan.Beta1, plan.FirstMomentStep)
                : 0.0,
        };
    }

    /// <summary>Numbers of rule state a parameter keeps for <paramref name="rules"/>: the sum of their <see cref="IStatefulRule.StateLength"/>.</summary>
    /// <param name="rules">The rules.</param>
    public static int StateLength(IReadOnlyList<IStepRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Sum(r => r is IStatefulRule s ? s.StateLength : 0);
    }

    /// <summary>Sets the state of a parameter that has taken no step: each stateful rule initializes its part.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="state">The state, <see cref="StateLength"/> numbers.</param>
    public static void Initialize(IReadOnlyList<IStepRule> rules, Span<double> state) => ForEachStateful(rules, state, (r, s) => r.Initialize(s));

    /// <summary>After a step was applied, lets each stateful rule learn from its statistics.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="state">The parameter's state.</param>
    /// <param name="taken">The step's plan.</param>
    /// <param name="statistics">The step's statistics.</param>
    public static void Observe(IReadOnlyList<IStepRule> rules, Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics)
    {
        var (plan, stats) = (taken, statistics);
        ForEachStateful(rules, state, (r, s) => r.Observe(s, plan, stats));
    }

    private static void ForEachStateful(IReadOnlyList<IStepRule> rules, Span<double> state, SpanAction action)
    {
        ArgumentNullException.ThrowIfNull(rules);
        int offset = 0;
        foreach (var rule in rules)
        {
            if (rule is IStatefulRule stateful)
            {
                action(stateful, state.Slice(offset, stateful.StateLength));
                offset += stateful.StateLength;
            }
        }
    }

    private delegate void SpanAction(IStatefulRule rule, Span<double> state);

    /// <summary>The plan no rule has touched: neutral terms, no movement.</summary>
    private static AdamCoefficients Empty => new() { GradientSign = 1.0, Decay = 1.0, Kind = StepKind.MomentsOnly };
}
