namespace Warmup.Experiments.Training.Watching;

/// <summary>One step of a run, as an <see cref="ITrainingObserver"/> sees it.</summary>
/// <param name="Step">The step's number: 1 .. steps (Adam-2k's second-moment steps are numbered -K + 1 .. 0).</param>
/// <param name="Done">Steps taken so far, this one included, counting from the first (1 .. <paramref name="Total"/>).</param>
/// <param name="Total">Steps the run will take if it does not diverge.</param>
/// <param name="Loss">The minibatch loss before the step (not finite when the run diverges at this step).</param>
/// <param name="LearningRate">The rate the step applied (warmup included; the mean over the elements where it differs).</param>
/// <param name="Elapsed">Time since the training loop began.</param>
public sealed record TrainingStep(int Step, int Done, int Total, double Loss, double LearningRate, TimeSpan Elapsed)
{
    /// <summary>The fraction of the run done, 0 to 1.</summary>
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
