using Warmup.Experiments.Data;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Training;
using static TorchSharp.torch;

namespace Warmup.Experiments.Sweeps;

/// <summary>Runs the pending runs of a sweep into its database, <c>jobs</c> at a time, recording the command that does it (<see cref="Invocation.OfThisProcess"/>) when there is any run to train.</summary>
public static class SweepRunner
{
    /// <summary>
    /// Runs every run of <paramref name="spec"/> not yet in the database at <paramref name="databasePath"/>. Before
    /// anything is created it checks the grid, reads the data and checks an existing database file; then it locks the database's folder
    /// (<see cref="SweepLock"/>) for the whole sweep, so a second sweep into the same folder is refused at once.
    /// </summary>
    /// <param name="spec">The grid.</param>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="jobs">Runs at the same time, each on its own thread (TorchSharp's intra-op threads are divided among them).</param>
    /// <param name="progress">Receives one report per run; an <see cref="ISweepObserver"/> also watches each run as it trains.</param>
    /// <param name="cancel">Stops starting runs and abandons the ones in flight (nothing of them is stored).</param>
    /// <returns>How many runs were trained now.</returns>
    /// <exception cref="SweepStoppedException"><paramref name="cancel"/> stopped the sweep; it names the database, its finished runs and the runs discarded.</exception>
    /// <exception cref="IOException">Another process holds the folder's lock, or the folder or database cannot be written; the message names it.</exception>
    /// <exception cref="InvalidDataException">The database is not a sweep database, or the data is unreadable; the message names the file.</exception>
    public static int Run(SweepSpec spec, string databasePath, int jobs = 1, IProgress<SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        spec.Validate();
        TrainingData.Check(spec.Runs());
        SweepDatabase.CheckBeforeWriting(databasePath);
        using var guard = SweepLock.AcquireDatabase(databasePath, TimeSpan.Zero); // DIR/sweep.lock for DIR/sweep.db
        return RunLocked(spec, databasePath, jobs, progress, cancel);
    }

    /// <summary>
    /// <see cref="Run"/> for a caller that has checked the grid and its data and holds the folder's
    /// <see cref="SweepLock"/>. A run that another process stored meanwhile (possible only where file locks do not
    /// work) is left as stored and reported as already done, never as an error.
    /// </summary>
    internal static int RunLocked(SweepSpec spec, string databasePath, int jobs, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        using var db = new SweepDatabase(databasePath);
        var folder = new SweepFolder(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var sharded = folder.ShardDatabases().Count > 0 ? folder.FinishedRuns(except: databasePath, idleOnly: true) : [];
        return Train(spec.Runs().ToList(), db, sharded.Contains, jobs, Environment.ProcessorCount, progress, cancel);
    }

    /// <summary>How long a shard waits for its database's lock, which readers hold for moments (<see cref="SweepLock.AcquireDatabase"/>).</summary>
    public static readonly TimeSpan ShardLockWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs shard <paramref name="shard"/> of <paramref name="spec"/> into <c>DIR/shards/&lt;i&gt;.db</c> of
    /// <paramref name="folder"/>: its runs are every <see cref="SweepShard.Count"/>-th run of the grid (see
    /// <see cref="SweepShard"/>), and a run already finished in any database of the folder is skipped. Records the
    /// folder's <see cref="ShardLayout"/> (refusing a folder whose shards are of another grid) and locks only its
    /// own database, so the shards of one folder run at the same time, on one machine or on many.
    /// </summary>
    /// <param name="spec">The grid.</param>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="shard">Which shard.</param>
    /// <param name="jobs">Runs at the same time.</param>
    /// <param name="cpus">The CPUs to divide among the jobs as TorchSharp threads (under Slurm, the task's).</param>
    /// <param name="progress">Receives one report per run of the shard.</param>
    /// <param name="cancel">Stops starting runs and abandons the ones in flight.</param>
    /// <returns>How many runs were trained now.</returns>
    /// <exception cref="SweepStoppedException"><paramref name="cancel"/> stopped the shard; it names the shard's database, its finished runs and the runs discarded.</exception>
    /// <exception cref="ArgumentException">The shard count is not 1 to the number of runs.</exception>
    /// <exception cref="IOException">The folder holds shards of another grid, or this shard is being run already.</exception>
    public static int RunShard(SweepSpec spec, SweepFolder folder, SweepShard shard, int jobs, int cpus, IProgress<SweepProgress>? progress = null, CancellationToken cancel = default) =>
        RunShard(spec, folder, shard, jobs, cpus, ShardLockWait, progress, cancel);

    /// <summary><see cref="RunShard(SweepSpec, SweepFolder, SweepShard, int, int, IProgress{SweepProgress}?, CancellationToken)"/> with another wait for the shard's lock.</summary>
    internal static int RunShard(SweepSpec spec, SweepFolder folder, SweepShard shard, int jobs, int cpus, TimeSpan lockWait, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpus, 1);
        spec.Validate();
        var layout = ShardLayout.Of(spec, shard.Count);
        var runs = shard.Take(spec.Runs()).ToList();
        TrainingData.Check(runs);
        string database = folder.ShardDatabase(shard.Index);
        SweepDatabase.CheckBeforeWriting(database);
        layout.Record(folder.LayoutFile);
        using var guard = SweepLock.AcquireDatabase(database, lockWait);
        using var db = new SweepDatabase(database);
        new ShardStamp(layout.Fingerprint, shard).Apply(db);
        var elsewhere = folder.FinishedRuns(except: database, idleOnly: true);
        return Train(runs, db, elsewhere.Contains, jobs, cpus, progress, cancel);
    }

    // Trains the runs of `all` that `db` does not hold and `doneElsewhere` does not claim, `jobs` at a time.
    private static int Train(List<TrainSettings> all, SweepDatabase db, Func<RunKey, bool> doneElsewhere, int jobs, int cpus, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        int done = 0;
        var pending = new Queue<(TrainSettings Run, int Index)>();
        for (int i = 0; i < all.Count; i++)
        {
            var run = all[i];
            var key = RunKey.Of(run);
            if (db.Contains(key) || doneElsewhere(key))
            {
                progress?.Report(new SweepProgress(++done, all.Count, run, null));
            }
            else
            {
                pending.Enqueue((run, i));
            }
        }

        var watcher = progress as ISweepObserver;
        if (pending.Count > 0)
        {
            db.Record(Invocation.OfThisProcess());
        }

        int trained = 0;
        int threadsBefore = get_num_threads();
        set_num_threads(Math.Max(1, cpus / jobs));
        try
        {
            var gate = new Lock();
            Exception? failure = null;
            var discarded = new List<(TrainSettings Run, int Index)>(); // runs in flight when the sweep was stopped
            void Worker()
            {
                while (true)
                {
                    TrainSettings next;
                    int index;
                    lock (gate)
                    {
                        if (failure is not null || cancel.IsCancellationRequested || !pending.TryDequeue(out var item))
                        {
                            return;
                        }

                        (next, index) = item;
                    }

                    try
                    {
                        var result = Trainer.Run(next, watcher?.Watch(next, index, all.Count), cancel: cancel);
                        bool stored = db.TryAdd(result);
                        lock (gate)
                        {
                            trained += stored ? 1 : 0;
                            progress?.Report(new SweepProgress(++done, all.Count, next, stored ? result : null));
                        }
                    }
                    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                    {
                        lock (gate)
                        {
                            discarded.Add((next, index));
                        }

                        return;
                    }
#pragma warning disable CA1031 // The first failure stops the other workers and is re-thrown below.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        lock (gate)
                        {
                            failure ??= e;
                        }

                        return;
                    }
                }
            }

            var workers = Enumerable.Range(0, Math.Min(jobs, Math.Max(1, pending.Count))).Select(_ => new Thread(Worker) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            if (cancel.IsCancellationRequested)
            {
                throw new SweepStoppedException(db.Path, db.Count(), [.. discarded.OrderBy(d => d.Index).Select(d => d.Run)], cancel);
            }
        }
        finally
        {
            set_num_threads(threadsBefore);
        }

        return trained;
    }
}
