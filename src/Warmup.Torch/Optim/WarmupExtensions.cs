using Warmup.Core.Schedules;

namespace Warmup.Torch.Optim;

/// <summary>
/// One-line warmup for Warmup's optimizers. Ma and Yarats' recommendation, linear warmup over 2 / (1 - beta2) steps,
/// is <c>Optimizers.AdamW(model.parameters(), lr: 1e-3).WithUntunedLinearWarmup()</c>: nothing else in the training
/// loop changes, any TorchSharp scheduler still sets the learning rate, and the step uses that rate times omega_t.
/// </summary>
/// <remarks>
/// Each sets <see cref="AdaptiveOptions.Warmup"/> on the optimizer's options and every group's, the one way a warmup
/// reaches the step: applied at the parameter's own step count before weight decay, saved and checked with the
/// optimizer. Every group is validated first; on error nothing changes. For TorchSharp's built-in optimizers use
/// <c>Warmup.Torch.Schedules.LearningRateWarmup</c> (dampening) or <c>Warmup.Torch.Schedules.WarmupLR</c> (a
/// scheduler) instead; around one of Warmup's optimizers with a warmup of its own they refuse to start.
/// </remarks>
public static class WarmupExtensions
{
    /// <summary>Linear warmup over tau = 2 / (1 - beta2) steps, beta2 taken from each parameter group (Ma and Yarats Eq. 14).</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The same optimizer.</returns>
    public static TOptimizer WithUntunedLinearWarmup<TOptimizer>(this TOptimizer optimizer)
        where TOptimizer : AdaptiveOptimizer => optimizer.WithWarmup(WarmupSchedule.UntunedLinear);

    /// <summary>Exponential warmup with tau = 1 / (1 - beta2), beta2 taken from each parameter group (Eq. 13).</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The same optimizer.</returns>
    public static TOptimizer WithUntunedExponentialWarmup<TOptimizer>(this TOptimizer optimizer)
        where TOptimizer : AdaptiveOptimizer => optimizer.WithWarmup(WarmupSchedule.UntunedExponential);

    /// <summary>
    /// The same warmup for the optimizer and every parameter group: one of Core's (<c>WarmupSchedule.Linear(2000)</c>)
    /// or a record of your own deriving from <see cref="WarmupSchedule"/>; null removes the warmup.
    /// </summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="schedule">The schedule, or null for none.</param>
    /// <returns>The same optimizer.</returns>
    /// <exception cref="ArgumentException">The warmup cannot be meant for some group (RAdam without AllowWarmup, a warmup from outside already); nothing changed.</exception>
    public static TOptimizer WithWarmup<TOptimizer>(this TOptimizer optimizer, WarmupSchedule? schedule)
        where TOptimizer : AdaptiveOptimizer
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.SetWarmup(_ => schedule);
        return optimizer;
    }

    /// <summary>A warmup computed from each group's beta2, e.g. <c>WithWarmup(b2 => WarmupSchedule.RAdam(b2))</c>.</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="forBeta2">The schedule for a group's beta2.</param>
    /// <returns>The same optimizer.</returns>
    /// <exception cref="ArgumentException">The warmup is invalid or cannot be meant for some group; nothing changed.</exception>
    public static TOptimizer WithWarmup<TOptimizer>(this TOptimizer optimizer, Func<double, WarmupSchedule> forBeta2)
        where TOptimizer : AdaptiveOptimizer
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(forBeta2);
        optimizer.SetWarmup(o => forBeta2(o.Beta2!.Value));
        return optimizer;
    }
}
