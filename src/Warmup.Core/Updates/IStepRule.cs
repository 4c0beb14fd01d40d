namespace Warmup.Core.Updates;

/// <summary>
/// One small, pure transformation of a step's scalars: an Adam-family optimizer is a short list of these applied in
/// order to the plan of one parameter's step (see <see cref="RuleChain"/>), after which one fused element-wise pass
/// (or its tensor-op twin) applies the plan. A new element-wise variant that changes only per-step scalars is one
/// such rule.
/// </summary>
/// <remarks>
/// <para>
/// Rules see the plan so far and the step's context (step, hyperparameters, statistics) and return the new plan;
/// they keep no state between calls (a rule that learns from earlier steps derives from
/// <see cref="StatefulRule{TState}"/>). Order matters, as in optax's <c>chain</c>: a rule that reads
/// <see cref="AdamCoefficients.LearningRate"/> sees what the rules before it left. A rule that changes the learning
/// rate does it with <see cref="AdamCoefficients.ScaleLearningRate"/>, which scales decoupled weight decay with it.
/// </para>
/// <para>
/// A rule is a value: declare it as a <c>record</c> (the optimizers refuse other types). Its printed value (the record's
/// <c>ToString</c>) names it in checkpoints, so that a checkpoint saved with <c>ScaleLr { Factor = 0.5 }</c> is refused
/// by an optimizer that has <c>ScaleLr { Factor = 10 }</c>.
/// </para>
/// </remarks>
public interface IStepRule
{
    /// <summary>
    /// The statistics of the step being planned that this rule reads from <see cref="StepContext.Statistics"/> (default
    /// none). Asking for any makes the optimizer run a read-only pass over p, g, m and v before the step, with the plan
    /// the rules before the first such rule left; they are the sums of the step the parameter is about to take.
    /// Implement it explicitly (<c>TensorStatistics IStepRule.CurrentStatistics =&gt; ...</c>) so that the record's printed
    /// value, its name in checkpoints, holds only its own parameters.
    /// </summary>
    TensorStatistics CurrentStatistics => TensorStatistics.None;

    /// <summary>The plan after this rule.</summary>
    /// <param name="plan">The plan the rules before this one left.</param>
    /// <param name="context">The step being planned.</param>
    AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context);
}
