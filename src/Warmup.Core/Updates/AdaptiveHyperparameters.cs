namespace Warmup.Core.Updates;

/// <summary>The hyperparameters of one parameter group of Adam, AdamW or RAdam, fully resolved.</summary>
/// <param name="LearningRate">The learning rate alpha (after any scheduler and warmup), &gt;= 0.</param>
/// <param name="Beta1">First-moment decay, in [0, 1).</param>
/// <param name="Beta2">Second-moment decay, in [0, 1).</param>
/// <param name="Eps">Added to the bias-corrected sqrt(v) (or, with <paramref name="EpsBeforeBiasCorrection"/>, to sqrt(v) itself), &gt;= 0.</param>
/// <param name="WeightDecay">Weight decay, &gt;= 0.</param>
/// <param name="DecoupledWeightDecay">True: <c>p *= 1 - lr * wd</c> (Loshchilov and Hutter); false: L2, <c>g += wd * p</c>.</param>
/// <param name="Maximize">Ascend the objective instead of descending it.</param>
/// <param name="EpsBeforeBiasCorrection">
/// True: <c>m_hat * sqrt(1 - beta2^t) / (sqrt(v) + eps)</c>, eps added before the bias correction (Kingma and Ba's
/// efficient form, Liu et al.'s psi-hat of Section 3.1, PyTorch's RAdam); false: <c>m_hat / (sqrt(v_hat) + eps)</c>
/// (PyTorch's Adam). The two differ by a factor 1 / sqrt(1 - beta2^t) on eps, large in the first steps.
/// </param>
public readonly record struct AdaptiveHyperparameters(
    double LearningRate,
    double Beta1,
    double Beta2,
    double Eps,
    double WeightDecay,
    bool DecoupledWeightDecay,
    bool Maximize,
    bool EpsBeforeBiasCorrection = false);
