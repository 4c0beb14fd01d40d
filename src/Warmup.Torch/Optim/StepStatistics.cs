namespace Warmup.Torch.Optim;

/// <summary>How the last optimizer step updated its parameters.</summary>
/// <param name="FusedTensors">Parameters updated by the fused SIMD kernel (contiguous float32 on the CPU).</param>
/// <param name="TensorOpTensors">Parameters updated by the tensor-op path (other dtypes, non-contiguous, CUDA, or the fused kernel switched off).</param>
/// <param name="WithoutGradient">Parameters skipped because they had no gradient.</param>
/// <param name="NonFiniteTensors">
/// Gradients holding NaN or infinity, counted only with <see cref="AdaptiveOptimizer.SkipNonFiniteSteps"/>; when
/// any, the whole step was skipped.
/// </param>
public readonly record struct StepStatistics(int FusedTensors, int TensorOpTensors, int WithoutGradient, int NonFiniteTensors = 0)
{
    /// <summary>True when the step changed nothing because a gradient was not finite.</summary>
    public bool Skipped => NonFiniteTensors > 0;
}
