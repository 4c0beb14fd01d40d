using Warmup.Core.Schedules;
using static TorchSharp.torch;

namespace Warmup.Torch.Schedules;

/// <summary>
/// Warmup as a TorchSharp LR scheduler: after k calls to <c>step()</c> each group's rate is its initial rate times
/// omega_(k+1), the factor of the optimizer step that comes next. Usable alone or inside
/// <c>lr_scheduler.SequentialLR</c> (warmup for M steps, then another schedule).
/// </summary>
/// <remarks>
/// TorchSharp's <c>LRScheduler</c> keeps its epoch counter internal, and SequentialLR rewinds it when it starts;
/// deriving from LambdaLR (epoch =&gt; omega(epoch + 1)) lets that machinery count, so the factor lines up with the
/// optimizer's steps inside SequentialLR too. To resume after k optimizer steps, pass <c>last_epoch = k - 1</c>.
/// This form sets rates (it replaces, not multiplies); to multiply another scheduler's rates use
/// <see cref="LearningRateWarmup"/>.
/// </remarks>
public sealed class WarmupLR : optim.lr_scheduler.impl.LambdaLR
{
    /// <summary>Warmup of <paramref name="kind"/> for each group; untuned and RAdam kinds read the group's beta2.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="kind">The warmup kind.</param>
    /// <param name="tau">The period, for <see cref="WarmupKind.Linear"/> and <see cref="WarmupKind.Exponential"/>.</param>
    /// <param name="early">The early-step factor, for <see cref="WarmupKind.RAdam"/>.</param>
    /// <param name="last_epoch">Steps already taken minus one; -1 to start.</param>
#pragma warning disable CA1707 // TorchSharp's parameter name.
    public WarmupLR(optim.Optimizer optimizer, WarmupKind kind, double? tau = null, RAdamEarlySteps early = RAdamEarlySteps.Zero, int last_epoch = -1)
        : base(optimizer, Lambdas(GroupSchedules.For(optimizer, kind, tau, early)), last_epoch)
    {
    }

    /// <summary>The same warmup schedule for every group.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="last_epoch">Steps already taken minus one; -1 to start.</param>
    public WarmupLR(optim.Optimizer optimizer, WarmupSchedule schedule, int last_epoch = -1)
        : base(optimizer, Lambdas(GroupSchedules.Same(optimizer, schedule)), last_epoch)
    {
    }
#pragma warning restore CA1707

    private static List<Func<int, double>> Lambdas(List<WarmupSchedule> schedules) =>
        schedules.Select(s => (Func<int, double>)(epoch => s.Factor(epoch + 1L))).ToList();
}
