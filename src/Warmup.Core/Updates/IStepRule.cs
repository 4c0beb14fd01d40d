namespace Warmup.Core.Updates;

/// <summary>
/// One small, pure transformation of a step's scalars: an Adam-family optimizer is a short list of these applied in
/// order to the plan of one parameter's step (see <see cref="RuleChain"/>), after which one fused element-wise pass
/// (or its tensor-op twin) applies the plan. A new element-wise variant that changes only per-step scalars is one
/// such rule.
/// </summary>
/// <remarks>
/// Rules see the plan so far and the step's context (step, hyperparameters, statistics of the parameter's earlier
/// steps) and return the new plan; they must not keep state between calls. Order matters, as in optax's
/// <c>chain</c>: a rule that reads <see cref="AdamCoefficients.LearningRate"/> sees what the rules before it left.
/// <see cref="AdamCoefficients.StepSize"/> is set once, after the last rule, by <see cref="RuleChain.Plan"/>.
/// </remarks>
public interface IStepRule
{
    /// <summary>The plan after this rule.</summary>
    /// <param name="plan">The plan the rules before this one left.</param>
    /// <param name="context">The step being planned.</param>
    AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context);
}
