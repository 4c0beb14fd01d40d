using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training.Tasks;

namespace Warmup.Experiments.Report;

/// <summary>
/// When a run learned nothing, defined once: its final training loss is within 5 % of the task's chance loss ln K (the
/// uniform prediction over K outputs, where every run starts), or it diverged. Fashion-MNIST runs at 10 % accuracy end
/// at a training loss of 2.30 = ln 10. Reports count such seeds next to each mean, since a cell like
/// {83.1, 10.0, 10.0} is two outcomes, not a mean of 34.4.
/// </summary>
public static class Collapse
{
    /// <summary>How close to the chance loss a final training loss counts as collapsed: within 5 %.</summary>
    public const double Tolerance = 0.05;

    /// <summary>Whether <paramref name="run"/> collapsed (false when the task cannot say its chance loss).</summary>
    /// <param name="run">The run.</param>
    /// <param name="task">Its task.</param>
    public static bool Of(StoredRun run, TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(task);
        if (run.Diverged || run.FinalTrainLoss is null)
        {
            return true;
        }

        return task.ChanceLoss(run.DataNote) is { } chance && run.FinalTrainLoss.Value >= (1 - Tolerance) * chance;
    }
}
