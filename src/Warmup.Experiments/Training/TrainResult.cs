namespace Warmup.Experiments.Training;

/// <summary>The outcome of one training run.</summary>
/// <param name="Settings">What ran.</param>
/// <param name="FinalTrainLoss">Loss on a fixed training subset after the last step; null if the run diverged.</param>
/// <param name="TestMetric">Test accuracy (%) or validation perplexity; null if the run diverged.</param>
/// <param name="MetricName">Which metric.</param>
/// <param name="Diverged">A minibatch loss was not finite.</param>
/// <param name="DivergedAtStep">The step where it was first not finite.</param>
/// <param name="StepsDone">Steps taken.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="LoopSeconds">Of which the training loop (no data loading, model building or evaluation).</param>
/// <param name="Curve">The logged training curve.</param>
/// <param name="Diagnostics">The diagnostics.</param>
/// <param name="DataNote">Where the data came from.</param>
public sealed record TrainResult(
    TrainSettings Settings,
    double? FinalTrainLoss,
    double? TestMetric,
    string MetricName,
    bool Diverged,
    int? DivergedAtStep,
    int StepsDone,
    double Seconds,
    double LoopSeconds,
    IReadOnlyList<CurvePoint> Curve,
    IReadOnlyList<DiagnosticPoint> Diagnostics,
    string DataNote);
