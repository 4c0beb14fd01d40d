using Warmup.Core.Schedules;

namespace Warmup.Torch.Optim;

/// <summary>
/// One-line warmup for Warmup's optimizers. Ma and Yarats' recommendation, linear warmup over 2 / (1 - beta2) steps,
/// is <c>Optimizers.AdamW(model.parameters(), lr: 1e-3).WithUntunedLinearWarmup()</c>: nothing else in the training
/// loop changes, any TorchSharp scheduler still sets the learning rate, and the step uses that rate times omega_t.
/// </summary>
/// <remarks>
/// The factor is applied inside the optimizer's step, at each parameter's own step count, so it survives
/// save/load with the optimizer. For TorchSharp's built-in optimizers use <c>Warmup.Torch.Schedules.LearningRateWarmup</c>
/// (dampening) or <c>Warmup.Torch.Schedules.WarmupLR</c> (a scheduler) instead.
/// </remarks>
public static class WarmupExtensions
{
    /// <summary>Linear warmup over tau = 2 / (1 - beta2) steps, beta2 taken from each parameter group (Ma and Yarats Eq. 14).</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The same optimizer.</returns>
    public static TOptimizer WithUntunedLinearWarmup<TOptimizer>(this TOptimizer optimizer)
        where TOptimizer : AdaptiveOptimizer => optimizer.WithWarmup(WarmupKind.UntunedLinear);

    /// <summary>Exponential warmup with tau = 1 / (1 - beta2), beta2 taken from each parameter group (Eq. 13).</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The same optimizer.</returns>
    public static TOptimizer WithUntunedExponentialWarmup<TOptimizer>(this TOptimizer optimizer)
        where TOptimizer : AdaptiveOptimizer => optimizer.WithWarmup(WarmupKind.UntunedExponential);

    /// <summary>Sets the warmup of the optimizer and of every parameter group.</summary>
    /// <typeparam name="TOptimizer">The optimizer type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="kind">The warmup kind.</param>
    /// <param name="tau">The period, for <see cref="WarmupKind.Linear"/> and <see cref="WarmupKind.Exponential"/>.</param>
    /// <param name="early">The early-step factor, for <see cref="WarmupKind.RAdam"/>.</param>
    /// <returns>The same optimizer.</returns>
    /// <exception cref="ArgumentException">The warmup is invalid for some group (e.g. RAdam-shaped with beta2 &lt;= 0.6).</exception>
    public static TOptimizer WithWarmup<TOptimizer>(this TOptimizer optimizer, WarmupKind kind, double? tau = null, RAdamEarlySteps early = RAdamEarlySteps.Zero)
        where TOptimizer : AdaptiveOptimizer
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.SetWarmup(kind, tau, early);
        return optimizer;
    }
}
