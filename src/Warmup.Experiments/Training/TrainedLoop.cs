using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>What <see cref="LoopTimer.AfterTraining"/> receives: a finished run's model, optimizer and data, still alive.</summary>
/// <param name="Parameters">The model's parameters, holding the last step's gradients.</param>
/// <param name="Optimizer">The run's optimizer.</param>
/// <param name="ForwardPass">Runs the model on the next training batch without gradients (its loss is discarded), as the loop's forward phase does.</param>
public sealed record TrainedLoop(IReadOnlyList<Parameter> Parameters, optim.Optimizer Optimizer, Action ForwardPass);
