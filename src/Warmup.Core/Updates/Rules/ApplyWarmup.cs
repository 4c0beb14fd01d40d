using Warmup.Core.Schedules;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Dampens the learning rate by a warmup factor: <c>lr_t = lr * omega_t</c> (Ma and Yarats, Section 2). Any
/// <see cref="WarmupSchedule"/> works, one of Core's or your own; the optimizers add it for their <c>Warmup</c> option,
/// and it can be given in their <c>Rules</c>.
/// </summary>
/// <param name="schedule">The warmup; its factor is read at the parameter's own step.</param>
public sealed class ApplyWarmup(WarmupSchedule schedule) : IStepRule
{
    /// <summary>The warmup schedule.</summary>
    public WarmupSchedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>The rule and its schedule's value, e.g. <c>ApplyWarmup(LinearWarmup { Tau = 2000 })</c> (how checkpoints name it).</summary>
    public override string ToString() => $"{nameof(ApplyWarmup)}({Schedule})";

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan with { LearningRate = plan.LearningRate * Schedule.Factor(context.Step) };
}
