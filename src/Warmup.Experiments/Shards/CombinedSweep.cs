using Microsoft.Data.Sqlite;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>
/// A sharded sweep's databases folded into one for reading (<see cref="ShardMerge.Combine"/>), kept in the sweep
/// folder as the report's cache (<see cref="SweepFolder.ReportCache"/>), so that nothing is left in the temporary
/// folder however the report ends (kill -9 included) and the next report copies only the runs finished since. The
/// cache is reused only while its runs, in order, are the first runs a fresh fold would copy (the same runs with the
/// same numbers); otherwise it is rebuilt, so a reused cache reads exactly as a fresh one. Holds the cache's lock
/// (<c>combined.lock</c> beside it) until disposed, so two reports of one folder never write it at once.
/// </summary>
public sealed class CombinedSweep : IDisposable
{
    private readonly SweepLock _guard;

    private CombinedSweep(SweepDatabase database, SweepLock guard, int copied, bool rebuilt)
    {
        Database = database;
        _guard = guard;
        Copied = copied;
        Rebuilt = rebuilt;
    }

    /// <summary>How long a report waits for the cache's lock, held by another report of the same folder.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <summary>The combined runs.</summary>
    public SweepDatabase Database { get; }

    /// <summary>How many runs were copied into the cache now (0 when it was up to date).</summary>
    public int Copied { get; }

    /// <summary>Whether the cache was built anew (none was there, or it no longer agreed with the sources).</summary>
    public bool Rebuilt { get; }

    /// <summary>Closes the cache (its write-ahead log folded into it) and releases its lock; the file stays for the next report.</summary>
    public void Dispose()
    {
        Database.Dispose();
        _guard.Dispose();
    }

    /// <summary>
    /// Brings the cache at <paramref name="path"/> up to date with <paramref name="sources"/> (in order; a run stored in
    /// several is taken from the first), reusing what it holds when that is a prefix of what a fresh fold copies.
    /// </summary>
    /// <param name="path">The cache's file.</param>
    /// <param name="sources">The databases to fold, in order.</param>
    /// <param name="cancel">Stops between runs; what was copied stays in the cache.</param>
    internal static CombinedSweep Build(string path, IReadOnlyList<string> sources, CancellationToken cancel)
    {
        var guard = SweepLock.AcquireDatabase(path, LockWait);
        SweepDatabase? db = null;
        try
        {
            bool rebuilt = !File.Exists(path);
            db = OpenOrRecreate(path, ref rebuilt);
            int? copied = Fold(db, sources, cancel);
            if (copied is null)
            {
                db.Dispose();
                db = null;
                Delete(path);
                rebuilt = true;
                db = new SweepDatabase(path);
                copied = Fold(db, sources, cancel) ?? throw new InvalidOperationException($"{path}: a new cache disagrees with its sources.");
            }

            return new CombinedSweep(db, guard, copied.Value, rebuilt);
        }
        catch
        {
            db?.Dispose();
            guard.Dispose();
            throw;
        }
    }

    // The cache, or a new one where the file is not a sweep database this version can write.
    private static SweepDatabase OpenOrRecreate(string path, ref bool rebuilt)
    {
        try
        {
            SweepDatabase.CheckBeforeWriting(path);
            return new SweepDatabase(path);
        }
        catch (InvalidDataException)
        {
            Delete(path);
            rebuilt = true;
            return new SweepDatabase(path);
        }
    }

    // Copies into `db` the runs of `sources` it lacks, after checking that the runs it holds are, in order, the first
    // runs a fresh fold would copy; null (nothing copied) when they are not.
    private static int? Fold(SweepDatabase db, IReadOnlyList<string> sources, CancellationToken cancel)
    {
        var cached = db.Runs();
        var seen = new HashSet<RunKey>();
        int position = 0, copied = 0;
        foreach (var source in sources)
        {
            using var from = SweepDatabase.OpenReadOnlyOrEmpty(source);
            foreach (var run in from.Runs())
            {
                cancel.ThrowIfCancellationRequested();
                if (!seen.Add(RunKey.Of(run)))
                {
                    continue;
                }

                if (position < cached.Count)
                {
                    if (cached[position++] with { Id = 0 } != run with { Id = 0 })
                    {
                        return null;
                    }
                }
                else if (db.TryCopy(from, run))
                {
                    copied++;
                }
            }
        }

        return position == cached.Count ? copied : null; // else the cache holds runs no source holds now
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
