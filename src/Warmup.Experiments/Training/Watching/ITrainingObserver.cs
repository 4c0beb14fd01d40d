namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// Watches a run while it trains (a live line, TensorBoard, your own logger). Called on the training thread between
/// steps; every member has an empty default, so an observer implements only what it needs. Observing never changes
/// what is trained.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>The run starts: its settings and how many steps it will take (Adam-2k's second-moment steps included).</summary>
    /// <param name="settings">The run.</param>
    /// <param name="totalSteps">Steps the run will take if it does not diverge.</param>
    void Started(TrainSettings settings, int totalSteps)
    {
    }

    /// <summary>A step was taken.</summary>
    /// <param name="taken">The step, its loss and the rate it applied.</param>
    void Stepped(TrainingStep taken)
    {
    }

    /// <summary>The papers' diagnostics were measured at a step (see <see cref="TrainSettings.DiagnoseEvery"/>).</summary>
    /// <param name="point">The diagnostics.</param>
    void Diagnosed(DiagnosticPoint point)
    {
    }

    /// <summary>The test metric was measured during training (see <see cref="TrainSettings.EvaluateEvery"/>) or at the end.</summary>
    /// <param name="afterStep">The step after which it was measured.</param>
    /// <param name="metric">The metric's name.</param>
    /// <param name="value">Its value.</param>
    void Evaluated(int afterStep, string metric, double value)
    {
    }

    /// <summary>The run ended: finished, or diverged.</summary>
    /// <param name="result">Its result.</param>
    void Finished(TrainResult result)
    {
    }
}
