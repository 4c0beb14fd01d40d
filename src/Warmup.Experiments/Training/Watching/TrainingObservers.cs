namespace Warmup.Experiments.Training.Watching;

/// <summary>Observers composed.</summary>
public static class TrainingObservers
{
    /// <summary>An observer that passes every event to each of <paramref name="observers"/> in order (nulls skipped), or null when there are none.</summary>
    /// <param name="observers">The observers.</param>
    public static ITrainingObserver? Combine(params IEnumerable<ITrainingObserver?> observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        var all = observers.OfType<ITrainingObserver>().ToArray();
        return all.Length switch
        {
            0 => null,
            1 => all[0],
            _ => new Composite(all),
        };
    }

    private sealed class Composite(ITrainingObserver[] all) : ITrainingObserver
    {
        public void Started(TrainSettings settings, int totalSteps)
        {
            foreach (var o in all)
            {
                o.Started(settings, totalSteps);
            }
        }

        public void Stepped(TrainingStep taken)
        {
            foreach (var o in all)
            {
                o.Stepped(taken);
            }
        }

        public void Diagnosed(DiagnosticPoint point)
        {
            foreach (var o in all)
            {
                o.Diagnosed(point);
            }
        }

        public void Evaluated(int afterStep, string metric, double value)
        {
            foreach (var o in all)
            {
                o.Evaluated(afterStep, metric, value);
            }
        }

        public void Finished(TrainResult result)
        {
            foreach (var o in all)
            {
                o.Finished(result);
            }
        }
    }
}
