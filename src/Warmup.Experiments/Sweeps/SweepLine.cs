using System.Globalization;

namespace Warmup.Experiments.Sweeps;

/// <summary>One line of text per finished run of a sweep.</summary>
public static class SweepLine
{
    /// <summary>"[3/24] fmnist-mlp adam lr=0.001 beta2=0.999 seed=1: test accuracy (%) 85.31 (12.0 s)".</summary>
    /// <param name="p">The progress report.</param>
    public static string Format(SweepProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var s = p.Settings;
        string what = string.Create(CultureInfo.InvariantCulture, $"[{p.Done}/{p.Total}] {s.Task} {s.Method.Name} lr={s.LearningRate} beta2={s.Beta2} seed={s.Seed}");
        if (p.Result is not { } r)
        {
            return $"{what}: already done";
        }

        string outcome = r.Diverged
            ? $"diverged at step {r.DivergedAtStep}"
            : string.Create(CultureInfo.InvariantCulture, $"{r.MetricName} {r.TestMetric:F2}, train loss {r.FinalTrainLoss:F3}");
        return string.Create(CultureInfo.InvariantCulture, $"{what}: {outcome} ({r.Seconds:F1} s)");
    }
}
