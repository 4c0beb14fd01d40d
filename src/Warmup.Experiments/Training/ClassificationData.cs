using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>
/// A classification task's tensors, built once per data source and shared, read-only, by every run (so they must live
/// as long as the process trains: create them outside any dispose scope, or detach them from it).
/// </summary>
/// <param name="TrainX">Training inputs, one row per example (float32, any shape after the first dimension the model takes).</param>
/// <param name="TrainY">Training labels (int64).</param>
/// <param name="TestX">Test inputs.</param>
/// <param name="TestY">Test labels.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Note">Where the data came from, for the output and the report ("1,000 points of two spirals, 2 classes").</param>
public sealed record ClassificationData(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, int Classes, string Note);
