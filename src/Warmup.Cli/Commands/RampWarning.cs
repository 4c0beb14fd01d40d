using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary>
/// Watches the runs of a command (<c>train</c>'s one, a sweep's all) and, when the first of them starts (its length
/// known then, with <c>--epochs</c> too), prints once the line of <see cref="WarmupRamp.Warning"/>: the methods whose
/// warmup is longer than the runs. Training goes on.
/// </summary>
/// <param name="runs">Every run of the command (they share one length).</param>
/// <param name="print">Prints a line on stderr (above any live status line).</param>
internal sealed class RampWarning(IReadOnlyList<TrainSettings> runs, Action<string> print) : ITrainingObserver
{
    private int _checked;

    /// <inheritdoc />
    public void Started(TrainSettings settings, int totalSteps)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Interlocked.Exchange(ref _checked, 1) == 0 && WarmupRamp.Warning(runs, totalSteps - settings.Method.ExtraSteps) is { } line)
        {
            print(line);
        }
    }
}
