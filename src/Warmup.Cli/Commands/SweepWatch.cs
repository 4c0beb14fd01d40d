using System.Globalization;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary>
/// A sweep's lines on stderr: one per run as it ends (<see cref="SweepLine"/>), each run in flight watched live
/// (<see cref="LiveStatus"/>: on a terminal, a status line; redirected, a line at every quarter of the run), and, as
/// the first run starts, the warning of methods whose warmup is longer than the runs (<see cref="RampWarning"/>); with
/// a TensorBoard folder, each run trained also writes its events there (<see cref="TensorBoardObserver.ForSweepRun"/>;
/// runs already done are not watched, so their files stay as they are).
/// </summary>
internal sealed class SweepWatch : ISweepObserver, IDisposable
{
    private readonly LiveStatus _live = new(bins: 4);
    private readonly SweepLine _lines;
    private readonly RampWarning _ramps;
    private readonly string? _tensorBoard;
    private readonly Lock _gate = new();
    private readonly List<TensorBoardObserver> _boards = [];

    /// <param name="runs">The runs of the sweep (or of its shard).</param>
    /// <param name="tensorBoard">The --tensorboard folder, or null.</param>
    public SweepWatch(IReadOnlyList<TrainSettings> runs, string? tensorBoard = null)
    {
        _lines = new SweepLine(new Printer(_live));
        _ramps = new RampWarning(runs, _live.Print);
        _tensorBoard = tensorBoard;
    }

    /// <inheritdoc />
    public void Report(SweepProgress value) => _lines.Report(value);

    /// <inheritdoc />
    public ITrainingObserver? Watch(TrainSettings run, int index, int total)
    {
        var live = _live.Watch(string.Create(CultureInfo.InvariantCulture, $"[run {index + 1}/{total}] {run.Task} {run.Method.Name} lr={run.LearningRate} beta2={run.Beta2} seed={run.Seed}"));
        if (_tensorBoard is null)
        {
            return TrainingObservers.Combine(_ramps, live);
        }

        var board = TensorBoardObserver.ForSweepRun(_tensorBoard, run);
        lock (_gate)
        {
            _boards.RemoveAll(b => b.IsClosed);
            _boards.Add(board);
        }

        return TrainingObservers.Combine(_ramps, live, board);
    }

    /// <summary>Stops the live lines and closes the event files of runs that did not finish (a stopped or failed sweep).</summary>
    public void Dispose()
    {
        _live.Dispose();
        lock (_gate)
        {
            _boards.ForEach(b => b.Dispose());
            _boards.Clear();
        }
    }

    private sealed class Printer(LiveStatus live) : IProgress<string>
    {
        public void Report(string value) => live.Print(value);
    }
}
