using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>
/// Folds shard databases into one: every run not yet in the target is copied with its curve and diagnostics, one
/// transaction per run, so folding again copies nothing (idempotent) and an interrupted fold loses nothing.
/// </summary>
public static class ShardMerge
{
    /// <summary>
    /// Folds every shard of <paramref name="folder"/> into its <c>sweep.db</c>, holding the folder's
    /// <see cref="SweepLock"/>. Every shard is checked first: when one is not a shard of this folder's grid nothing
    /// is written and the error names it.
    /// </summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="cancel">Stops between runs; every run copied so far stays in <c>sweep.db</c> (one transaction each).</param>
    /// <returns>Per shard database, how many runs were copied.</returns>
    /// <exception cref="InvalidDataException">A shard is foreign (another grid, no stamp) or the layout is missing; the message names the file.</exception>
    /// <exception cref="IOException">Another process writes <c>sweep.db</c>, or a file cannot be read or written.</exception>
    public static IReadOnlyList<(string Shard, int Copied)> Merge(SweepFolder folder, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var shards = CheckedShards(folder);
        SweepDatabase.CheckBeforeWriting(folder.Database);
        using var guard = SweepLock.Acquire(folder.Path);
        using var target = new SweepDatabase(folder.Database);
        return [.. shards.Select(s => (s, Fold(target, s, cancel)))];
    }

    /// <summary>
    /// <c>sweep.db</c> (if any) and every shard of <paramref name="folder"/> in one database, each run once, for
    /// reading (the report): the folder's report cache (<see cref="SweepFolder.ReportCache"/>, see
    /// <see cref="CombinedSweep"/>), brought up to date or rebuilt. Nothing else in the folder is changed.
    /// </summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="cancel">Stops between runs; the runs copied so far stay in the cache for the next report.</param>
    /// <exception cref="InvalidDataException">A shard is foreign; the message names it.</exception>
    /// <exception cref="IOException">Another report is updating the cache, or it cannot be written.</exception>
    public static CombinedSweep Combine(SweepFolder folder, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var sources = CheckedShards(folder).Prepend(folder.Database).Where(File.Exists).ToList();
        return CombinedSweep.Build(folder.ReportCache, sources, cancel);
    }

    /// <summary>Copies into <paramref name="target"/> every run of the database at <paramref name="source"/> that it lacks, and the commands that made them.</summary>
    /// <param name="target">A database open for writing.</param>
    /// <param name="source">The database to read (read-only).</param>
    /// <param name="cancel">Stops between runs (each run is copied in one transaction).</param>
    /// <returns>How many runs were copied.</returns>
    public static int Fold(SweepDatabase target, string source, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var from = SweepDatabase.OpenReadOnlyOrEmpty(source);
        foreach (var invocation in from.Invocations())
        {
            target.Record(invocation);
        }

        int copied = 0;
        foreach (var run in from.Runs())
        {
            cancel.ThrowIfCancellationRequested();
            copied += target.TryCopy(from, run) ? 1 : 0;
        }

        return copied;
    }

    /// <summary>The folder's shard databases, each checked to be a shard of the folder's grid (none when there are no shards).</summary>
    /// <param name="folder">The sweep folder.</param>
    public static IReadOnlyList<string> CheckedShards(SweepFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var shards = folder.ShardDatabases();
        if (shards.Count == 0)
        {
            return shards;
        }

        var layout = folder.Layout() ?? throw new InvalidDataException(
            $"{folder.ShardsFolder} holds shard databases but no grid.json (the layout `warmup sweep --shard` writes), so they cannot be checked; nothing was read.");
        foreach (var shard in shards)
        {
            using var db = SweepDatabase.OpenReadOnlyOrEmpty(shard);
            ShardStamp.Check(db, layout);
        }

        return shards;
    }
}
