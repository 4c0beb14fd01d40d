namespace Warmup.Core.Updates;

/// <summary>
/// The scalars of one Adam-family step for one parameter tensor, computed once per step in double precision by a
/// chain of <see cref="IStepRule"/>s (<see cref="RuleChain"/>) and applied per element by <see cref="Kernels.AdamKernel"/> (rounded to float32) or
/// by the tensor-op path.
/// </summary>
/// <remarks>
/// Per element, with <c>g</c> the gradient and <c>p</c> the parameter before the step:
/// <code>
/// g' = GradientSign * g + L2 * p
/// m  = Beta1 * m + (1 - Beta1) * g'
/// v  = Beta2 * v + (1 - Beta2) * g' * g'
/// v* = max(v*, v) with AMSGrad, else v
/// p  = Decay * p - (StepSize * m) / (sqrt(v*) / SqrtBiasCorrection2 + Eps)     (Adaptive)
/// p  = Decay * p - StepSize * m                                                (Momentum)
/// </code>
/// The operation order is that of TorchSharp's and PyTorch's single-tensor Adam (<c>mul_(beta1).add_(g, 1 - beta1)</c>,
/// <c>mul_(beta2).addcmul_(g, g, 1 - beta2)</c>, <c>sqrt() / sqrt(bc2) + eps</c>, <c>addcdiv_</c>). Unused terms are
/// neutral: <c>L2 = 0</c>, <c>Decay = 1</c>, <c>GradientSign = 1</c>.
/// </remarks>
public readonly record struct AdamCoefficients
{
    /// <summary>beta1 (first-moment decay).</summary>
    public double Beta1 { get; init; }

    /// <summary>beta2 (second-moment decay).</summary>
    public double Beta2 { get; init; }

    /// <summary>+1 to minimize, -1 to maximize.</summary>
    public double GradientSign { get; init; }

    /// <summary>L2 penalty added to the gradient (coupled weight decay of Adam and RAdam); 0 for none.</summary>
    public double L2 { get; init; }

    /// <summary>Multiplier of the parameter before the step: 1 - lr * wd for decoupled weight decay; 1 for none.</summary>
    public double Decay { get; init; }

    /// <summary>lr * r_t / (1 - beta1^t) for the adaptive step (r_t = 1 for Adam); lr / (1 - beta1^t) for momentum.</summary>
    public double StepSize { get; init; }

    /// <summary>sqrt(1 - beta2^t).</summary>
    public double SqrtBiasCorrection2 { get; init; }

    /// <summary>Added to the bias-corrected sqrt(v) (PyTorch's Adam placement).</summary>
    public double Eps { get; init; }

    /// <summary>
    /// The learning rate this step applies, for people and reports (the kernel uses <see cref="StepSize"/>): the
    /// group's lr times the warmup factor, times r_t on a rectified RAdam step; 0 when the parameters stay put
    /// (<see cref="StepKind.MomentsOnly"/>, <see cref="StepKind.SecondMomentOnly"/>).
    /// </summary>
    public double LearningRate { get; init; }

    /// <summary>The kind of step.</summary>
    public StepKind Kind { get; init; }

    /// <summary>
    /// This plan with its learning rate multiplied by <paramref name="factor"/>, and decoupled weight decay with it
    /// (<c>1 - lr wd</c> becomes <c>1 - factor lr wd</c>): the one way a rule changes the rate (warmup, dynamic warmup,
    /// update clipping, a trust ratio, a user's rule), so that every such rule dampens the decay as PyTorch's schedulers
    /// do, wherever it stands in the chain. The L2 form of decay passes through the moments and is left alone.
    /// </summary>
    /// <param name="factor">The factor, &gt;= 0.</param>
    /// <returns>The scaled plan.</returns>
    public AdamCoefficients ScaleLearningRate(double factor) =>
        this with { LearningRate = LearningRate * factor, Decay = 1.0 - (factor * (1.0 - Decay)) };

    /// <summary>
    /// The step the first moment's bias correction <c>1 - beta1^k</c> counts to: t, or t - K after Adam-2k's K frozen
    /// steps. Read by <see cref="RuleChain.Plan(IReadOnlyList{IStepRule}, in StepContext)"/> to set <see cref="StepSize"/>; the kernel does not read it.
    /// </summary>
    public long FirstMomentStep { get; init; }
}
