using System.Globalization;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary>
/// A sweep's lines on stderr: one per run as it ends (<see cref="SweepLine"/>), each run in flight watched live
/// (<see cref="LiveStatus"/>: on a terminal, a status line; redirected, a line at every quarter of the run), and, as
/// the first run starts, the warning of methods whose warmup is longer than the runs (<see cref="RampWarning"/>).
/// </summary>
internal sealed class SweepWatch : ISweepObserver, IDisposable
{
    private readonly LiveStatus _live = new(bins: 4);
    private readonly SweepLine _lines;
    private readonly RampWarning _ramps;

    /// <param name="runs">The runs of the sweep (or of its shard).</param>
    public SweepWatch(IReadOnlyList<TrainSettings> runs)
    {
        _lines = new SweepLine(new Printer(_live));
        _ramps = new RampWarning(runs, _live.Print);
    }

    /// <inheritdoc />
    public void Report(SweepProgress value) => _lines.Report(value);

    /// <inheritdoc />
    public ITrainingObserver? Watch(TrainSettings run, int index, int total) => TrainingObservers.Combine(
        _ramps,
        _live.Watch(string.Create(CultureInfo.InvariantCulture, $"[run {index + 1}/{total}] {run.Task} {run.Method.Name} lr={run.LearningRate} beta2={run.Beta2} seed={run.Seed}")));

    /// <inheritdoc />
    public void Dispose() => _live.Dispose();

    private sealed class Printer(LiveStatus live) : IProgress<string>
    {
        public void Report(string value) => live.Print(value);
    }
}
