namespace Warmup.Experiments.Report;

/// <summary>One cell of a task's tables, for export: a method's runs at one configuration.</summary>
/// <param name="Task">The task's name in the report ("charlm", or "charlm-2" for its second configuration).</param>
/// <param name="Configuration">The runs' configuration (<see cref="Training.TrainSettings.Configuration"/>).</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="HigherIsBetter">The metric's direction.</param>
/// <param name="LearningRate">The learning rate.</param>
/// <param name="Beta2">Beta2.</param>
/// <param name="Method">The method.</param>
/// <param name="Final">The final metric over seeds.</param>
/// <param name="TrainLoss">The final training loss over seeds.</param>
public sealed record CellRow(
    string Task, string Configuration, string Metric, bool HigherIsBetter, double LearningRate, double Beta2, string Method, CellStatistics Final, CellStatistics TrainLoss);
