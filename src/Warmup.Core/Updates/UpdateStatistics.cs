namespace Warmup.Core.Updates;

/// <summary>
/// Sums over one parameter tensor's elements for one step (<see cref="TensorStatistics"/>), reduced inside the fused
/// pass: the current step's, read by rules that ask for them (<see cref="IStepRule.CurrentStatistics"/>), or the
/// step's own, given to stateful rules after it was applied (<see cref="IStatefulRule.ObservedStatistics"/>). Sums
/// not asked for are 0. Chunks are summed in float64 and added in a fixed order, so they are the same for a given
/// thread count. New sums are new properties: nothing positional.
/// </summary>
public readonly record struct UpdateStatistics
{
    /// <summary>No statistics yet.</summary>
    public static UpdateStatistics None => default;

    /// <summary>The step they were taken at; 0 before any.</summary>
    public long Step { get; init; }

    /// <summary>Elements summed.</summary>
    public long Count { get; init; }

    /// <summary>
    /// The sum of <c>u^2</c>, u = m_hat / (sqrt(v_hat) + eps) the adaptive direction the step applies before the learning
    /// rate (its RMS is 1 at step 1 for eps = 0), m_hat for the momentum step; 0 for the kinds that apply none.
    /// </summary>
    public double SumSquaredUpdate { get; init; }

    /// <summary>The sum of <c>(g' / (sqrt(v_hat) + eps))^2</c>: StableAdamW's ratio with the step's own denominator.</summary>
    public double SumGradientRatio { get; init; }

    /// <summary>The sum of <c>g'^2 / max(v_hat, eps^2)</c>: StableAdamW's ratio as published.</summary>
    public double SumClampedGradientRatio { get; init; }

    /// <summary>The sum of <c>p^2</c>, the parameter before the step.</summary>
    public double SumSquaredParameter { get; init; }

    /// <summary>The sum of <c>u p</c>.</summary>
    public double SumUpdateDotParameter { get; init; }

    /// <summary>sqrt(SumSquaredUpdate / Count), or 0 when empty.</summary>
    public double UpdateRms => Rms(SumSquaredUpdate);

    /// <summary>sqrt(SumGradientRatio / Count), or 0 when empty.</summary>
    public double GradientRatioRms => Rms(SumGradientRatio);

    /// <summary>sqrt(SumClampedGradientRatio / Count), or 0 when empty: StableAdamW's RMS_t.</summary>
    public double ClampedGradientRatioRms => Rms(SumClampedGradientRatio);

    /// <summary>The parameter's L2 norm before the step, sqrt(SumSquaredParameter).</summary>
    public double ParameterNorm => Math.Sqrt(SumSquaredParameter);

    /// <summary>
    /// The statistics of a step from the kernel's sums (or the same sums from tensor operations): the direction's terms
    /// are divided by the first moment's bias correction (squared for the squared sum).
    /// </summary>
    /// <param name="sums">The sums over the tensor's elements.</param>
    /// <param name="count">The tensor's elements.</param>
    /// <param name="plan">The step's scalars.</param>
    /// <param name="step">The step.</param>
    internal static UpdateStatistics Of(Kernels.KernelSums sums, long count, in AdamCoefficients plan, long step)
    {
        double bc1 = plan.Kind is StepKind.Adaptive or StepKind.Momentum ? Maths.BiasCorrection.Of(plan.Beta1, plan.FirstMomentStep) : 1.0;
        return new()
        {
            Step = step,
            Count = count,
            SumSquaredUpdate = sums.SquaredDirection / (bc1 * bc1),
            SumGradientRatio = sums.GradientRatio,
            SumClampedGradientRatio = sums.ClampedGradientRatio,
            SumSquaredParameter = sums.SquaredParameter,
            SumUpdateDotParameter = sums.DirectionDotParameter / bc1,
        };
    }

    private double Rms(double sum) => Count == 0 ? 0.0 : Math.Sqrt(sum / Count);
}
