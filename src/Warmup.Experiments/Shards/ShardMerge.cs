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
    /// <returns>Per shard database, how many runs were copied.</returns>
    /// <exception cref="InvalidDataException">A shard is foreign (another grid, no stamp) or the layout is missing; the message names the file.</exception>
    /// <exception cref="IOException">Another process writes <c>sweep.db</c>, or a file cannot be read or written.</exception>
    public static IReadOnlyList<(string Shard, int Copied)> Merge(SweepFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var shards = CheckedShards(folder);
        SweepDatabase.CheckBeforeWriting(folder.Database);
        using var guard = SweepLock.Acquire(folder.Path);
        using var target = new SweepDatabase(folder.Database);
        return [.. shards.Select(s => (s, Fold(target, s)))];
    }

    /// <summary>
    /// A temporary database holding <c>sweep.db</c> (if any) and every shard of <paramref name="folder"/>, each run
    /// once, for reading (the report); nothing in the folder is changed. Disposing it deletes the file.
    /// </summary>
    /// <param name="folder">The sweep folder.</param>
    /// <exception cref="InvalidDataException">A shard is foreign; the message names it.</exception>
    public static CombinedSweep Combine(SweepFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var sources = CheckedShards(folder).Prepend(folder.Database).Where(File.Exists).ToList();
        var combined = new CombinedSweep(Path.Combine(Path.GetTempPath(), $"warmup-combined-{Guid.NewGuid():N}.db"));
        try
        {
            foreach (var source in sources)
            {
                Fold(combined.Database, source);
            }

            return combined;
        }
        catch
        {
            combined.Dispose();
            throw;
        }
    }

    /// <summary>Copies into <paramref name="target"/> every run of the database at <paramref name="source"/> that it lacks, and the commands that made them.</summary>
    /// <param name="target">A database open for writing.</param>
    /// <param name="source">The database to read (read-only).</param>
    /// <returns>How many runs were copied.</returns>
    public static int Fold(SweepDatabase target, string source)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var from = SweepDatabase.OpenReadOnlyOrEmpty(source);
        foreach (var invocation in from.Invocations())
        {
            target.Record(invocation);
        }

        return from.Runs().Count(run => target.TryCopy(from, run));
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
