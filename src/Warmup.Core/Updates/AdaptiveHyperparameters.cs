namespace Warmup.Core.Updates;

/// <summary>The hyperparameters of one parameter group of Adam, AdamW or RAdam, fully resolved.</summary>
/// <param name="LearningRate">The learning rate alpha (after any scheduler and warmup), &gt;= 0.</param>
/// <param name="Beta1">First-moment decay, in [0, 1).</param>
/// <param name="Beta2">Second-moment decay, in [0, 1).</param>
/// <param name="Eps">Added to the bias-corrected sqrt(v), &gt;= 0.</param>
/// <param name="WeightDecay">Weight decay, &gt;= 0.</param>
/// <param name="DecoupledWeightDecay">True: <c>p *= 1 - lr * wd</c> (Loshchilov and Hutter); false: L2, <c>g += wd * p</c>.</param>
/// <param name="Maximize">Ascend the objective instead of descending it.</param>
public readonly record struct AdaptiveHyperparameters(
    double LearningRate,
    double Beta1,
    double Beta2,
    double Eps,
    double WeightDecay,
    bool DecoupledWeightDecay,
    bool Maximize);
