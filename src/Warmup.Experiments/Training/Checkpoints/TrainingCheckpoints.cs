namespace Warmup.Experiments.Training.Checkpoints;

/// <summary>
/// Where and when a run saves itself, so that it can be continued (<see cref="Trainer.Run"/>): the model, the
/// optimizer's state, the data order's position and the curve so far. Defaults are documented per property.
/// </summary>
/// <param name="Folder">The run's folder: <c>run.json</c> (settings, step, curve), <c>model-STEP.bin</c>, <c>optimizer-STEP.bin</c>, <c>curve.csv</c>.</param>
public sealed record TrainingCheckpoints(string Folder)
{
    /// <summary>Also save every this many steps (0: only when the run ends or is stopped). Default 0.</summary>
    public int Every { get; init; }

    /// <summary>Continue the run saved in <see cref="Folder"/> instead of starting afresh. Default false.</summary>
    public bool Resume { get; init; }
}
