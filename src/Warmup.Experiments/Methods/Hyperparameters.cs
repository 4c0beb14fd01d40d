namespace Warmup.Experiments.Methods;

/// <summary>The hyperparameters a sweep varies or fixes, shared by every method.</summary>
/// <param name="LearningRate">The base learning rate.</param>
/// <param name="Beta1">Adam's beta1 (ignored by SGD).</param>
/// <param name="Beta2">Adam's beta2 (ignored by SGD).</param>
/// <param name="WeightDecay">Weight decay.</param>
/// <param name="DecoupledWeightDecay">Decoupled (p *= 1 - lr wd) instead of L2.</param>
public sealed record Hyperparameters(double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double WeightDecay = 0, bool DecoupledWeightDecay = false);
