
namespace Warmup.Analysis.Analyses;

/// <summary>Effective warmup periods of the three schedules at one beta2.</summary>
/// <param name="Beta2">Adam's beta2.</param>
/// <param name="RAdam">RAdam's warmup (zero for t &lt;= 4, the paper's convention).</param>
/// <param name="UntunedLinear">Linear warmup over 2 / (1 - beta2).</param>
/// <param name="UntunedExponential">Exponential warmup with tau = 1 / (1 - beta2).</param>
public sealed record EffectivePeriodRow(double Beta2, double RAdam, double UntunedLinear, double UntunedExponential);
