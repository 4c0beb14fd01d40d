using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>One line of sweep progress: a run that finished (or was found finished).</summary>
/// <param name="Done">Runs done so far, this one included.</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Settings">The run.</param>
/// <param name="Result">Its result, or null when it was already in the database.</param>
public sealed record SweepProgress(int Done, int Total, TrainSettings Settings, TrainResult? Result);
