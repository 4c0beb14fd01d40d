using TorchSharp.Modules;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>The planning half of a step: every check, and every parameter's scalars from its group's rule chain.</summary>
public abstract partial class AdaptiveOptimizer
{
    // Checks every group, gradient and state and computes every parameter's scalars (up to the first rule that needs the
    // current step's statistics, where one does), changing nothing.
    private int Prepare()
    {
        for (int gi = 0; gi < _parameter_groups.Count; gi++)
        {
            ((AdaptiveOptions)_parameter_groups[gi].Options).Validate(gi);
        }

        int withoutGradient = 0;
        for (int gi = 0; gi < _parameter_groups.Count; gi++)
        {
            var group = _parameter_groups[gi];
            var options = (AdaptiveOptions)group.Options;
            bool amsGrad = options.KeepsSecondMomentMaximum;
            var stateful = options.StatefulRules;
            var chain = options.Chain;
            var (firstCurrent, current) = options.CurrentStatistics;
            var observed = options.ObservedStatistics;
            var hyperparameters = options.Hyperparameters;
            var format = options.StateFormat ?? StateFormat.Float32;
            bool perParameter = stateful.Length > 0 || current != TensorStatistics.None;

            // A group's parameters are almost always at the same step: plan each step once per group (once per
            // parameter when a rule reads the parameter's own state or statistics).
            long plannedStep = 0;
            AdamCoefficients planned = default;
            int pi = 0;
            foreach (var parameter in group.Parameters as List<Parameter> ?? group.Parameters.ToList())
            {
                var grad = parameter.grad;
                if (grad is null)
                {
                    withoutGradient++;
                    pi++;
                    continue;
                }

                var state = (AdaptiveState)_state[parameter.Handle];
                long t = state.Step + 1;
                var ruleState = stateful.Length > 0 ? state.RuleStateFor(stateful) : default;
                if (perParameter || t != plannedStep)
                {
                    var context = new StepContext(t, hyperparameters);
                    planned = current == TensorStatistics.None
                        ? RuleChain.Plan(chain, context, ruleState.State)
                        : RuleChain.Finish(RuleChain.Fold(chain, 0, firstCurrent, RuleChain.Empty, context, ruleState.State));
                    plannedStep = t;
                }

                // Pending before the checks, so that the finally of step() disposes this gradient wrapper if they throw.
                _pending.Add(new Pending
                {
                    Parameter = parameter, Gradient = grad, State = state, Group = gi, Coefficients = planned, AmsGrad = amsGrad, Chain = chain,
                    Hyperparameters = hyperparameters, FirstCurrent = firstCurrent, Current = current, Observed = observed,
                    RuleState = ruleState.State, StatefulRules = ruleState.Rules, Format = format, RoundingSeed = ((ulong)(uint)gi << 32) | (uint)pi,
                });
                StepChecks.Check(this, gi, pi, parameter, grad, state);
                StepChecks.CheckFormat(this, gi, pi, parameter, grad, state, format);
                pi++;
            }
        }

        return withoutGradient;
    }

    /// <summary>One parameter's step being prepared: its plan (the prefix of it, until its current statistics are known) and what it needs.</summary>
    private struct Pending
    {
        public Parameter Parameter;
        public Tensor Gradient;
        public AdaptiveState State;
        public int Group;
        public AdamCoefficients Coefficients;
        public bool AmsGrad;
        public IReadOnlyList<IStepRule> Chain;
        public AdaptiveHyperparameters Hyperparameters;
        public int FirstCurrent;
        public TensorStatistics Current;
        public TensorStatistics Observed;
        public UpdateStatistics Statistics;
        public double[]? RuleState;
        public IStatefulRule[]? StatefulRules;
        public StateFormat Format;
        public ulong RoundingSeed;
    }
}
