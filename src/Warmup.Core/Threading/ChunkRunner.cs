namespace Warmup.Core.Threading;

/// <summary>
/// Runs a <see cref="ChunkedJob"/> on the calling thread plus a fixed set of background worker threads, which
/// take chunks lane by lane (<see cref="ChunkLanes"/>). Allocates nothing per run; one run at a time per runner (a second caller
/// that finds the runner busy, another thread or a chunk of the run itself, runs its job on its own thread instead
/// of waiting).
/// </summary>
/// <remarks>
/// <para>
/// The caller never waits for a worker that has not started: it takes chunks itself until none is left and then
/// waits only for the chunks a worker is still running. A worker the scheduler wakes late (on a core where
/// libtorch's OpenMP threads spin between operations, say) finds nothing left and goes back to sleep, so a run is
/// never slower than the caller alone plus one chunk. Workers sleep without spinning, so between runs they leave
/// the cores to whatever else the process does.
/// </para>
/// <para>
/// Workers never call TorchSharp: jobs run on raw memory only. Exceptions thrown by a chunk are re-thrown on the
/// calling thread after every started chunk has finished; the chunks not yet started are then skipped.
/// </para>
/// </remarks>
internal sealed class ChunkRunner : IDisposable
{
    private readonly object _sleep = new();
    private readonly Thread[] _workers;
    private readonly ChunkLanes _lanes = new();
    private int _busy;
    private int _wakes;
    private int _sleepers;
    private volatile bool _disposed;

    /// <summary>Creates a runner that uses up to <paramref name="threads"/> threads, the caller included.</summary>
    /// <param name="threads">Total threads, at least 1.</param>
    public ChunkRunner(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _workers = new Thread[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            int index = i + 1;
            _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"warmup-worker-{index}" };
            _workers[i].Start();
        }
    }

    /// <summary>A process-wide runner with one thread per logical processor.</summary>
    public static ChunkRunner Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Total threads this runner uses, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Runs chunks 0..<paramref name="chunkCount"/>-1 of <paramref name="job"/> and returns when all are done.</summary>
    /// <param name="job">The job.</param>
    /// <param name="chunkCount">Number of chunks, at most <see cref="ChunkLanes.MaxChunks"/>.</param>
    /// <param name="maxThreads">Upper bound on threads for this run (1 runs everything on the caller).</param>
    public void Run(ChunkedJob job, int chunkCount, int maxThreads = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        RunLanes(job, [chunkCount], maxThreads);
    }

    /// <summary>
    /// Runs every chunk of <paramref name="job"/>, grouped into lanes (see <see cref="ChunkLanes"/>), and returns when
    /// all are done. Thread k (the caller is thread 0) starts on lane k mod lanes.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="laneEnds">Each lane's end: lane k holds chunks laneEnds[k-1] (0 for the first) to laneEnds[k]-1. Not decreasing, at most <see cref="ChunkLanes.MaxChunks"/>; at least one lane.</param>
    /// <param name="maxThreads">Upper bound on threads for this run (1 runs everything on the caller, lane after lane).</param>
    public void RunLanes(ChunkedJob job, ReadOnlySpan<int> laneEnds, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfZero(laneEnds.Length, nameof(laneEnds));
        ObjectDisposedException.ThrowIf(_disposed, this);
        int chunkCount = laneEnds[^1];
        int helpers = Math.Min(Math.Min(_workers.Length, chunkCount - 1), maxThreads - 1);
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < chunkCount; i++)
            {
                job.Execute(i);
            }

            return;
        }

        try
        {
            lock (_sleep)
            {
                _lanes.Start(job, laneEnds);
                _wakes++;
                if (_sleepers > 0)
                {
                    // Waking more workers than the run may use costs nothing: the extra ones find no chunk left.
                    Monitor.PulseAll(_sleep);
                }
            }

            _lanes.Work(0);
            _lanes.Finish();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        lock (_sleep)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_sleep);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    private void WorkerLoop(int index)
    {
        int seen = 0;
        while (true)
        {
            lock (_sleep)
            {
                while (_wakes == seen && !_disposed)
                {
                    _sleepers++;
                    Monitor.Wait(_sleep);
                    _sleepers--;
                }

                if (_disposed)
                {
                    return;
                }

                seen = _wakes;
            }

            _lanes.Work(index);
        }
    }
}
