namespace Warmup.Experiments.Training.Checkpoints;

/// <summary>A <see cref="DiagnosticPoint"/> in <c>run.json</c>.</summary>
/// <param name="Step">The step.</param>
/// <param name="TrainLoss">Its minibatch loss.</param>
/// <param name="LearningRate">The rate it applied.</param>
/// <param name="Values">The diagnostics by name.</param>
public sealed record SavedDiagnostic(int Step, double TrainLoss, double LearningRate, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The point.</summary>
    public DiagnosticPoint ToPoint() => new(Step, TrainLoss, LearningRate, Values);

    /// <summary>The point as saved.</summary>
    /// <param name="p">The point.</param>
    public static SavedDiagnostic Of(DiagnosticPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Step, p.TrainLoss, p.LearningRate, p.Values);
    }
}
