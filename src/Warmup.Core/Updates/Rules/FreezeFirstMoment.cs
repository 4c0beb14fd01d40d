namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Adam-2k (Liu et al., Section 3.1): for the first <see cref="Steps"/> steps only the second moment is updated
/// (parameters and first moment stay fixed, no decay); afterwards the first moment's bias correction counts from its
/// own start, <c>t - Steps</c>, while the second moment's counts from step 1. Give it to Adam in <c>Rules</c>.
/// </summary>
/// <param name="Steps">Steps that update only v (2,000 in the paper); 0 or less leaves the plan unchanged.</param>
public sealed record FreezeFirstMoment(long Steps) : IStepRule
{
    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        context.Step <= Steps
            ? plan with { Kind = StepKind.SecondMomentOnly, Decay = 1.0, LearningRate = 0.0 }
            : plan with { FirstMomentStep = context.Step - Math.Max(Steps, 0) };
}
