namespace Warmup.Torch.Optim;

/// <summary>
/// How the last optimizer step updated its parameters (<see cref="AdaptiveOptimizer.LastStep"/>), and the learning rate
/// it applied: the one to log, since a group's <c>LearningRate</c> is the base rate schedulers set, before warmup and rules.
/// </summary>
public sealed record StepStatistics
{
    /// <summary>Parameters updated by the fused SIMD kernel (contiguous float32 on the CPU).</summary>
    public int FusedTensors { get; init; }

    /// <summary>Parameters updated by the tensor-op path (other dtypes, non-contiguous, CUDA, or the fused kernel switched off).</summary>
    public int TensorOpTensors { get; init; }

    /// <summary>Parameters skipped because they had no gradient.</summary>
    public int WithoutGradient { get; init; }

    /// <summary>
    /// Gradients holding NaN or infinity, counted only with <see cref="AdaptiveOptimizer.SkipNonFiniteSteps"/>; when
    /// any, the whole step was skipped.
    /// </summary>
    public int NonFiniteTensors { get; init; }

    /// <summary>True when the step changed nothing because a gradient was not finite.</summary>
    public bool Skipped => NonFiniteTensors > 0;

    /// <summary>
    /// The learning rate the step applied, per parameter group: the group's base rate times the warmup factor, times
    /// r_t on a rectified RAdam step, and whatever its rules did (0 where nothing moved: a skipped step, Adam-2k's first
    /// steps, RAdam's skipped early steps, a group without gradients). When rules gave its tensors different rates
    /// (dynamic warmup, update clipping, LAMB), the mean over its elements; each tensor's own is
    /// <see cref="AdaptiveState.AppliedLearningRate"/>. The weights moved by exactly this rate.
    /// </summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [];

    /// <summary>The first group's applied learning rate (<see cref="LearningRates"/>), 0 before any step.</summary>
    public double LearningRate => LearningRates.Count > 0 ? LearningRates[0] : 0.0;
}
