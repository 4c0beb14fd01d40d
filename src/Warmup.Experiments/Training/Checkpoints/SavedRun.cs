namespace Warmup.Experiments.Training.Checkpoints;

/// <summary>A run as saved in its folder's <c>run.json</c>: enough, with the model and optimizer files, to continue it bit for bit.</summary>
/// <param name="Format">The file's format, <see cref="RunCheckpoint.Format"/>.</param>
/// <param name="Settings">The run.</param>
/// <param name="Step">The last step taken (Adam-2k's second-moment steps are numbered -K + 1 .. 0).</param>
/// <param name="Done">Steps taken (the data order has drawn this many batches).</param>
/// <param name="Window">Sum of the losses of the logging window in progress.</param>
/// <param name="WindowSteps">Steps in that window.</param>
/// <param name="Seconds">Wall time of the run so far.</param>
/// <param name="LoopSeconds">Of which the training loop.</param>
/// <param name="Finished">The run ended (every step taken, or diverged).</param>
/// <param name="DivergedAt">The step whose loss was not finite, or null.</param>
/// <param name="Model">The model's file in the folder.</param>
/// <param name="Optimizer">The optimizer's file in the folder.</param>
/// <param name="Curve">The curve so far.</param>
/// <param name="Diagnostics">The diagnostics so far.</param>
public sealed record SavedRun(
    int Format,
    TrainSettings Settings,
    int Step,
    int Done,
    double Window,
    int WindowSteps,
    double Seconds,
    double LoopSeconds,
    bool Finished,
    int? DivergedAt,
    string Model,
    string Optimizer,
    IReadOnlyList<CurvePoint> Curve,
    IReadOnlyList<SavedDiagnostic> Diagnostics);
