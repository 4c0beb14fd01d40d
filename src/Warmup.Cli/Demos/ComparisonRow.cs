
namespace Warmup.Cli.Demos;

/// <summary>One optimizer's outcome in <see cref="SpiralComparison"/>.</summary>
/// <param name="Optimizer">Display name.</param>
/// <param name="FinalLoss">Cross-entropy on the full training set after the last step.</param>
/// <param name="Accuracy">Training accuracy after the last step.</param>
/// <param name="MillisecondsPerStep">Mean wall time of forward, backward and step, after 20 untimed steps (JIT and caches warm).</param>
internal sealed record ComparisonRow(string Optimizer, double FinalLoss, double Accuracy, double MillisecondsPerStep);
