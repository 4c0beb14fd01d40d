using System.Globalization;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// A sweep stopped by its cancellation token: what it kept (the finished runs stored in <see cref="Database"/>) and
/// what it discarded (the runs that were training when it stopped, of which nothing is stored). Running the same sweep
/// again trains exactly the runs it lacks.
/// </summary>
public sealed class SweepStoppedException : OperationCanceledException
{
    /// <summary>A sweep stopped with nothing said about it.</summary>
    public SweepStoppedException()
        : this("The sweep was stopped.", null)
    {
    }

    /// <summary>A sweep stopped, in <paramref name="message"/>'s words.</summary>
    /// <param name="message">What was kept and discarded.</param>
    public SweepStoppedException(string message)
        : this(message, null)
    {
    }

    /// <summary>A sweep stopped, in <paramref name="message"/>'s words, by <paramref name="innerException"/>.</summary>
    /// <param name="message">What was kept and discarded.</param>
    /// <param name="innerException">The cancellation that stopped it.</param>
    public SweepStoppedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Database = string.Empty;
        Discarded = [];
    }

    /// <summary>A sweep into <paramref name="database"/> stopped by <paramref name="token"/>.</summary>
    /// <param name="database">The database holding its finished runs.</param>
    /// <param name="finished">Runs stored in it now.</param>
    /// <param name="discarded">The runs in flight when it stopped, in grid order.</param>
    /// <param name="token">The token that stopped it.</param>
    public SweepStoppedException(string database, int finished, IReadOnlyList<TrainSettings> discarded, CancellationToken token)
        : base(Describe(database, finished, discarded), token)
    {
        Database = database;
        Finished = finished;
        Discarded = discarded;
    }

    /// <summary>The database holding the sweep's finished runs.</summary>
    public string Database { get; }

    /// <summary>How many runs the database holds (finished now or before).</summary>
    public int Finished { get; }

    /// <summary>The runs that were training when the sweep stopped (nothing of them is stored), in grid order.</summary>
    public IReadOnlyList<TrainSettings> Discarded { get; }

    /// <summary>A run as the stop message names it: <c>task method lr=... beta2=... seed=...</c>.</summary>
    /// <param name="run">The run.</param>
    public static string Label(TrainSettings run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(CultureInfo.InvariantCulture, $"{run.Task} {run.Method.Name} lr={run.LearningRate} beta2={run.Beta2} seed={run.Seed}");
    }

    private static string Describe(string database, int finished, IReadOnlyList<TrainSettings> discarded)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(discarded);
        return string.Create(CultureInfo.InvariantCulture, $"{finished} finished run{(finished == 1 ? " is" : "s are")} in {database}; ") +
        (discarded.Count == 0
            ? "no run was in flight"
            : $"discarded the run{(discarded.Count == 1 ? string.Empty : "s")} in flight: {string.Join(", ", discarded.Select(Label))}");
    }
}
