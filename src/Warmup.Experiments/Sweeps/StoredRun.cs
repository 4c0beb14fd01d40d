namespace Warmup.Experiments.Sweeps;

/// <summary>A finished run as stored in a sweep database.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Task">The task.</param>
/// <param name="Method">The method's name.</param>
/// <param name="LearningRate">Base learning rate.</param>
/// <param name="Beta2">Adam's beta2.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Configuration">The other settings.</param>
/// <param name="FinalTrainLoss">Final training loss, null if diverged.</param>
/// <param name="TestMetric">Test metric, null if diverged.</param>
/// <param name="MetricName">Which metric.</param>
/// <param name="Diverged">Whether it diverged.</param>
/// <param name="DivergedAt">Where.</param>
/// <param name="Steps">Steps done.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="DataNote">Data source.</param>
/// <param name="Finished">When it finished: UTC, ISO 8601 (round-trip format).</param>
public sealed record StoredRun(
    long Id, string Task, string Method, double LearningRate, double Beta2, int Seed, string Configuration,
    double? FinalTrainLoss, double? TestMetric, string MetricName, bool Diverged, int? DivergedAt, int Steps, double Seconds, string DataNote, string Finished);
