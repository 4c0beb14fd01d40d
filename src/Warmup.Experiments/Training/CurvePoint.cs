namespace Warmup.Experiments.Training;

/// <summary>The training loss averaged over the logging window that ends at <paramref name="Step"/>.</summary>
/// <param name="Step">The last step of the window.</param>
/// <param name="TrainLoss">Mean minibatch loss over the window.</param>
/// <param name="LearningRate">The effective learning rate at <paramref name="Step"/>.</param>
public sealed record CurvePoint(int Step, double TrainLoss, double LearningRate);
