using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>A classification task's tensors, built once per data source and shared, read-only, by every run.</summary>
/// <param name="TrainX">Training inputs, one row per example.</param>
/// <param name="TrainY">Training labels (int64).</param>
/// <param name="TestX">Test inputs.</param>
/// <param name="TestY">Test labels.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Note">Where the data came from, for the output.</param>
internal sealed record ClassificationData(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, int Classes, string Note);
