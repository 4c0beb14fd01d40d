using Warmup.Experiments.Training;
using static TorchSharp.torch;

namespace Warmup.Experiments.Sweeps;

/// <summary>One line of sweep progress: a run that finished (or was found finished).</summary>
/// <param name="Done">Runs done so far, this one included.</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Settings">The run.</param>
/// <param name="Result">Its result, or null when it was already in the database.</param>
public sealed record SweepProgress(int Done, int Total, TrainSettings Settings, TrainResult? Result);

/// <summary>Runs the pending runs of a sweep into its database, <c>jobs</c> at a time.</summary>
public static class SweepRunner
{
    /// <summary>Runs every run of <paramref name="spec"/> not yet in the database at <paramref name="databasePath"/>.</summary>
    /// <param name="spec">The grid.</param>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="jobs">Runs at the same time, each on its own thread (TorchSharp's intra-op threads are divided among them).</param>
    /// <param name="progress">Receives one report per run.</param>
    /// <param name="cancel">Stops starting runs and abandons the ones in flight (nothing of them is stored).</param>
    /// <returns>How many runs were trained now.</returns>
    public static int Run(SweepSpec spec, string databasePath, int jobs = 1, IProgress<SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        spec.Validate();
        using var db = new SweepDatabase(databasePath);
        var all = spec.Runs().ToList();
        int done = 0;
        var pending = new Queue<TrainSettings>();
        foreach (var run in all)
        {
            if (db.Contains(run))
            {
                progress?.Report(new SweepProgress(++done, all.Count, run, null));
            }
            else
            {
                pending.Enqueue(run);
            }
        }

        int trained = 0;
        int threadsBefore = get_num_threads();
        set_num_threads(Math.Max(1, Environment.ProcessorCount / jobs));
        try
        {
            var gate = new Lock();
            Exception? failure = null;
            void Worker()
            {
                while (true)
                {
                    TrainSettings? next;
                    lock (gate)
                    {
                        if (failure is not null || cancel.IsCancellationRequested || !pending.TryDequeue(out next))
                        {
                            return;
                        }
                    }

                    try
                    {
                        var result = Trainer.Run(next, cancel: cancel);
                        db.Add(result);
                        lock (gate)
                        {
                            trained++;
                            progress?.Report(new SweepProgress(++done, all.Count, next, result));
                        }
                    }
                    catch (OperationCanceledException)
                    {
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

            cancel.ThrowIfCancellationRequested();
        }
        finally
        {
            set_num_threads(threadsBefore);
        }

        return trained;
    }
}
