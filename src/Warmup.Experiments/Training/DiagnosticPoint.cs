namespace Warmup.Experiments.Training;

/// <summary>
/// What the papers look at during training, at one step (Ma and Yarats Fig. 1, Liu et al. Fig. 2): the step's loss and
/// effective learning rate, and the values of every diagnostic (<see cref="Diagnostics.TrainingDiagnostics"/>) by name.
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="TrainLoss">The minibatch loss of the step.</param>
/// <param name="LearningRate">The effective learning rate of the step.</param>
/// <param name="Values">The diagnostics' values by name; a diagnostic with no value at the step has no entry.</param>
public sealed record DiagnosticPoint(int Step, double TrainLoss, double LearningRate, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The value named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The value's name.</param>
    public double? this[string name] => Values.TryGetValue(name, out double x) ? x : null;

    /// <summary>Same step, loss, rate and values.</summary>
    /// <param name="other">The other point.</param>
    public bool Equals(DiagnosticPoint? other) =>
        other is not null && Step == other.Step && TrainLoss.Equals(other.TrainLoss) && LearningRate.Equals(other.LearningRate) &&
        Values.Count == other.Values.Count && Values.All(kv => other.Values.TryGetValue(kv.Key, out double x) && x.Equals(kv.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, TrainLoss, LearningRate, Values.Count);
}
