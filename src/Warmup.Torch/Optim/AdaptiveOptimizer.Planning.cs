using TorchSharp.Modules;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>The planning half of a step: every check, and every parameter's scalars from its group's rule chain.</summary>
public abstract partial class AdaptiveOptimizer
{
    // Checks every group, gradient and state and computes every parameter's scalars, changing nothing.
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
            bool statistics = stateful.Length > 0;
            var chain = options.Chain;
            var hyperparameters = options.Hyperparameters;

            // A group's parameters are almost always at the same step: plan each step once per group (once per
            // parameter when a rule reads the parameter's own statistics).
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
                var ruleState = statistics ? state.RuleStateFor(stateful) : default;
                if (statistics || t != plannedStep)
                {
                    planned = RuleChain.Plan(chain, new StepContext(t, hyperparameters), ruleState.State);
                    plannedStep = t;
                }

                // Pending before the checks, so that the finally of step() disposes this gradient wrapper if they throw.
                _pending.Add(new Pending(parameter, grad, state, planned, amsGrad, statistics ? chain : null, ruleState.State, ruleState.Rules));
                StepChecks.Check(this, gi, pi, parameter, grad, state);
                pi++;
            }
        }

        return withoutGradient;
    }

    private static double[] Initialized(IReadOnlyList<IStepRule> chain)
    {
        var state = new double[RuleChain.StateLength(chain)];
        RuleChain.Initialize(chain, state);
        return state;
    }

    private readonly record struct Pending(Parameter Parameter, Tensor Gradient, AdaptiveState State, AdamCoefficients Coefficients, bool AmsGrad, IReadOnlyList<IStepRule>? StatefulChain, double[]? RuleState, IStatefulRule[]? StatefulRules)
    {
        public bool Statistics => StatefulChain is not null;
    }
}
