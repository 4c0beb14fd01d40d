namespace Warmup.Core.Updates;

/// <summary>
/// Statistics of one parameter tensor's last step, reduced inside the fused pass (no extra pass over memory) when
/// some rule of its chain keeps state (<see cref="IStatefulRule"/>), which learns from them.
/// Sums are taken per chunk in float64 and added in chunk order, so they are deterministic for a given thread count.
/// </summary>
/// <param name="Step">The step they were taken at; 0 before any.</param>
/// <param name="Count">Elements summed.</param>
/// <param name="SumSquaredUpdate">
/// Sum over elements of u^2, u = m / (sqrt(v*) / sqrt(1 - beta2^t) + eps) / (1 - beta1^k): the adaptive direction the
/// step applied before the learning rate (its RMS is 1 at step 1 for eps = 0); 0 for the kinds that apply none.
/// </param>
/// <param name="SumGradientRatio">
/// Sum over elements of (g' / (sqrt(v_hat) + eps))^2, v_hat = v* / (1 - beta2^t): StableAdamW's g'^2 / v_hat with the
/// step's own denominator (eps as the step adds it).
/// </param>
public readonly record struct UpdateStatistics(long Step, long Count, double SumSquaredUpdate, double SumGradientRatio)
{
    /// <summary>No statistics yet.</summary>
    public static UpdateStatistics None => default;

    /// <summary>
    /// The statistics of a step from the kernel's sums (<see cref="Kernels.AdamKernel.StepAndReduce"/>, or the same
    /// sums from tensor operations): the direction's sum is divided by the first moment's squared bias correction.
    /// </summary>
    /// <param name="sums">The sums over the tensor's elements.</param>
    /// <param name="count">The tensor's elements.</param>
    /// <param name="plan">The step's scalars.</param>
    /// <param name="step">The step.</param>
    public static UpdateStatistics Of(Kernels.KernelSums sums, long count, in AdamCoefficients plan, long step)
    {
        double bc1 = plan.Kind is StepKind.Adaptive or StepKind.Momentum ? Maths.BiasCorrection.Of(plan.Beta1, plan.FirstMomentStep) : 1.0;
        return new(step, count, sums.SquaredDirection / (bc1 * bc1), sums.GradientRatio);
    }

    /// <summary>sqrt(SumSquaredUpdate / Count), or 0 when empty.</summary>
    public double UpdateRms => Count == 0 ? 0.0 : Math.Sqrt(SumSquaredUpdate / Count);

    /// <summary>sqrt(SumGradientRatio / Count), or 0 when empty.</summary>
    public double GradientRatioRms => Count == 0 ? 0.0 : Math.Sqrt(SumGradientRatio / Count);
}
