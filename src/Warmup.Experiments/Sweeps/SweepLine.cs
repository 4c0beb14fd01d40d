using System.Diagnostics;
using System.Globalization;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// Turns sweep progress into lines of text: one per run, and before a task's first finished run, where its data came
/// from (so that training on the shipped sample, or on the fallback text, is never silent). After a trained run, the
/// time the rest of the sweep will take at the pace so far (runs trained per second of wall time since the first
/// report, so that parallel runs are counted as they run).
/// </summary>
/// <param name="lines">Receives the lines.</param>
public sealed class SweepLine(IProgress<string> lines) : IProgress<SweepProgress>
{
    private readonly HashSet<string> _tasksSeen = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _trained;

    /// <inheritdoc />
    public void Report(SweepProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Result is { } r && _tasksSeen.Add(value.Settings.Task))
        {
            lines.Report($"data ({value.Settings.Task}): {r.DataNote}");
        }

        string line = Format(value);
        if (value.Result is not null && ++_trained > 0 && value.Done < value.Total)
        {
            double perRun = _clock.Elapsed.TotalSeconds / _trained;
            line += $"; {value.Total - value.Done} runs to go, about {RunMeter.Clock(TimeSpan.FromSeconds(perRun * (value.Total - value.Done)))} left";
        }

        lines.Report(line);
    }

    /// <summary>"[3/24] fmnist-mlp adam lr=0.001 beta2=0.999 seed=1: test accuracy (%) 85.31, train loss 0.412 (12.0 s)".</summary>
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
