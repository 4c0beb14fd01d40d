using Warmup.Core.Schedules;

namespace Warmup.Analysis.Analyses;

/// <summary>
/// Ma and Yarats' Fig. 3a: the effective warmup periods of RAdam, untuned linear and untuned exponential warmup as
/// functions of beta2 (the same <see cref="WarmupSchedule"/> code the optimizers use).
/// </summary>
public static class EffectivePeriodSweep
{
    /// <summary>The beta2 values of the summary table.</summary>
    public static IReadOnlyList<double> TableBeta2 { get; } = [0.9, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999];

    /// <summary>The periods at each beta2.</summary>
    /// <param name="beta2s">The beta2 values, each in (0.6, 1).</param>
    public static List<EffectivePeriodRow> Run(IEnumerable<double> beta2s) =>
        beta2s.Select(b => new EffectivePeriodRow(
            b,
            WarmupSchedule.RAdam(b).EffectivePeriod(),
            WarmupSchedule.UntunedLinear(b).EffectivePeriod(),
            WarmupSchedule.UntunedExponential(b).EffectivePeriod())).ToList();

    /// <summary>A grid for the figure: 1 - beta2 log-spaced from 1e-1 to 1e-4.</summary>
    /// <param name="points">Points, &gt;= 2.</param>
    public static IEnumerable<double> FigureGrid(int points = 61) =>
        Enumerable.Range(0, points).Select(i => 1 - Math.Pow(10, -1 - (3.0 * i / (points - 1))));
}
