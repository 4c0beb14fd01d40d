using Warmup.Core.Schedules;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Dampens the learning rate by a warmup factor: <c>lr_t = lr * omega_t</c> (Ma and Yarats, Section 2), at the
/// warmup's place in the chain, right after <see cref="ScaleByAdam"/>, so that decoupled weight decay uses the
/// dampened rate as it does under PyTorch's schedulers. The optimizers add it for their <c>Warmup</c> option, the one
/// way to give them a warmup, built-in or your own <see cref="WarmupSchedule"/>.
/// </summary>
/// <param name="Schedule">The warmup; its factor is read at the parameter's own step.</param>
public sealed record ApplyWarmup(WarmupSchedule Schedule) : IStepRule
{
    /// <summary>The warmup schedule.</summary>
    public WarmupSchedule Schedule { get; } = Schedule ?? throw new ArgumentNullException(nameof(Schedule));

    /// <summary>The rule and its schedule's value, e.g. <c>ApplyWarmup(LinearWarmup { Tau = 2000 })</c> (how checkpoints name it).</summary>
    public override string ToString() => $"{nameof(ApplyWarmup)}({Schedule})";

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
        plan.ScaleLearningRate(Schedule.Factor(context.Step));
}
