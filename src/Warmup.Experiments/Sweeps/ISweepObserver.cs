using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// Progress of a sweep that also watches each run while it trains: pass one where a sweep takes an
/// <see cref="IProgress{SweepProgress}"/>. <see cref="Watch"/> is called on the worker thread as a run starts, and the
/// observer it returns sees that run only (runs train in parallel with <c>--jobs</c>).
/// </summary>
public interface ISweepObserver : IProgress<SweepProgress>
{
    /// <summary>An observer for the run about to train, or null to watch nothing.</summary>
    /// <param name="run">The run.</param>
    /// <param name="index">Its place in the sweep's list of runs (0-based).</param>
    /// <param name="total">Runs in the sweep.</param>
    ITrainingObserver? Watch(TrainSettings run, int index, int total) => null;
}
