using Warmup.Core.Maths;

namespace Warmup.Core.Updates;

/// <summary>
/// The per-step scalars of Adam, AdamW and RAdam as pure functions of the hyperparameters and the 1-based step t
/// (closed forms, no recursion). The optimizers differ only here; the element-wise pass is shared.
/// </summary>
public static class UpdateRule
{
    /// <summary>
    /// Adam (Kingma and Ba) and, with <see cref="AdaptiveHyperparameters.DecoupledWeightDecay"/>, AdamW, with
    /// PyTorch's semantics: <c>p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)</c>.
    /// With <paramref name="frozenSteps"/> &gt; 0, Adam-2k (Liu et al., Section 3.1): for the first frozenSteps steps
    /// only the second moment is updated (parameters and first moment stay fixed); afterwards Adam, with the first
    /// moment's bias correction counted from its own start (t - frozenSteps) and the second moment's from step 1.
    /// </summary>
    /// <param name="h">Hyperparameters.</param>
    /// <param name="t">1-based step of this parameter.</param>
    /// <param name="frozenSteps">Steps that only update v (2,000 in the paper; default 0, plain Adam).</param>
    public static AdamCoefficients Adam(in AdaptiveHyperparameters h, long t, long frozenSteps = 0) =>
        t <= frozenSteps
            ? Common(h, t) with { Kind = StepKind.SecondMomentOnly, StepSize = 0.0, Decay = 1.0, LearningRate = 0.0 }
            : Common(h, t) with { Kind = StepKind.Adaptive, StepSize = h.LearningRate / BiasCorrection.Of(h.Beta1, t - Math.Max(frozenSteps, 0)), LearningRate = h.LearningRate };

    /// <summary>
    /// RAdam (Liu et al. Algorithm 2). When rho_t &gt; <paramref name="threshold"/>: the Adam step scaled by the
    /// rectification term r_t. Otherwise, by <paramref name="earlyPhase"/>, the momentum step
    /// <c>p -= lr * m / (1 - beta1^t)</c> or no parameter update.
    /// </summary>
    /// <param name="h">Hyperparameters.</param>
    /// <param name="t">1-based step of this parameter.</param>
    /// <param name="threshold">Rectify when rho_t exceeds this: 4 in the paper, 5 in PyTorch/optax/TF-Addons.</param>
    /// <param name="earlyPhase">What to do before rectification.</param>
    public static AdamCoefficients RAdam(in AdaptiveHyperparameters h, long t, double threshold, EarlyPhase earlyPhase)
    {
        var common = Common(h, t);
        double bc1 = BiasCorrection.Of(h.Beta1, t);
        double rhoInf = Rectification.RhoInfinity(h.Beta2);
        double rho = Rectification.Rho(t, h.Beta2);
        if (rho > threshold && rhoInf > Rectification.PaperThreshold)
        {
            double r = Rectification.Term(rho, rhoInf);
            return common with { Kind = StepKind.Adaptive, StepSize = h.LearningRate * r / bc1, LearningRate = h.LearningRate * r };
        }

        return earlyPhase == EarlyPhase.Momentum
            ? common with { Kind = StepKind.Momentum, StepSize = h.LearningRate / bc1, LearningRate = h.LearningRate }
            : common with { Kind = StepKind.MomentsOnly, StepSize = 0.0, Decay = 1.0, LearningRate = 0.0 };
    }

    // (sqrt(v) + eps) / sqrt(bc2) = sqrt(v) / sqrt(bc2) + eps / sqrt(bc2): eps before the bias correction is the
    // bias-corrected form with eps / sqrt(bc2), a per-step scalar like the others.
    private static AdamCoefficients Common(in AdaptiveHyperparameters h, long t)
    {
        double sqrtBc2 = Math.Sqrt(BiasCorrection.Of(h.Beta2, t));
        return new()
        {
            Beta1 = h.Beta1,
            Beta2 = h.Beta2,
            GradientSign = h.Maximize ? -1.0 : 1.0,
            L2 = h.DecoupledWeightDecay ? 0.0 : h.WeightDecay,
            Decay = h.DecoupledWeightDecay ? 1.0 - (h.LearningRate * h.WeightDecay) : 1.0,
            SqrtBiasCorrection2 = sqrtBc2,
            Eps = h.EpsBeforeBiasCorrection ? h.Eps / sqrtBc2 : h.Eps,
        };
    }
}
