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
/// optimizer's steps inside SequentialLR too. To resume after k steps, create it as at the start of training, load the
/// optimizer's checkpoint, then call <see cref="SchedulerResume.FastForward"/> (replays the k steps and checks that they
/// land on the checkpoint's rates). Around one of Warmup's optimizers that warms up in its own step it refuses to start.
/// This form sets rates (it replaces, not multiplies); to multiply another scheduler's rates use
/// <see cref="LearningRateWarmup"/>.
/// </remarks>
public sealed class WarmupLR : optim.lr_scheduler.impl.LambdaLR
{
    /// <summary>A warmup per group from its beta2, e.g. <c>WarmupSchedule.UntunedLinear</c>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="forBeta2">The schedule for a group's beta2.</param>
    /// <exception cref="ArgumentException">A group has no beta2, the schedule is invalid for one, or the optimizer warms up in its own step; nothing changed.</exception>
    public WarmupLR(optim.Optimizer optimizer, Func<double, WarmupSchedule> forBeta2)
        : base(Claim(optimizer, () => GroupSchedules.For(optimizer, forBeta2), out var lambdas), lambdas, -1)
    {
    }

    /// <summary>The same warmup schedule for every group.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="schedule">The schedule.</param>
    /// <exception cref="ArgumentException">The optimizer warms up in its own step; nothing changed.</exception>
    public WarmupLR(optim.Optimizer optimizer, WarmupSchedule schedule)
        : base(Claim(optimizer, () => GroupSchedules.Same(optimizer, schedule), out var lambdas), lambdas, -1)
    {
    }

    // Builds the lambdas and checks for warmup on warmup before the base constructor changes any rate.
    private static optim.Optimizer Claim(optim.Optimizer optimizer, Func<List<WarmupSchedule>> schedules, out List<Func<int, double>> lambdas)
    {
        lambdas = Lambdas(schedules());
        return GroupSchedules.Claim(optimizer, "a WarmupLR");
    }

    private static List<Func<int, double>> Lambdas(List<WarmupSchedule> schedules) =>
        schedules.Select(s => (Func<int, double>)(epoch => s.Factor(epoch + 1L))).ToList();
}
