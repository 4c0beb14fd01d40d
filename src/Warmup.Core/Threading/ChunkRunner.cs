using System.Runtime.ExceptionServices;

namespace Warmup.Core.Threading;

/// <summary>
/// Runs a <see cref="ChunkedJob"/> on the calling thread plus a fixed set of background worker threads, which
/// take chunks from a shared counter. Allocates nothing per run; one run at a time per runner (a second caller
/// that finds the runner busy runs its job on its own thread instead of waiting).
/// </summary>
/// <remarks>
/// Workers never call TorchSharp: jobs run on raw memory only. Exceptions thrown by a chunk are re-thrown on the
/// calling thread after every started chunk has finished.
/// </remarks>
public sealed class ChunkRunner : IDisposable
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private readonly Thread[] _workers;
    private ChunkedJob? _job;
    private int _count;
    private int _next;
    private int _running;
    private ExceptionDispatchInfo? _error;
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
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"warmup-worker-{i + 1}" };
            _workers[i].Start();
        }
    }

    /// <summary>A process-wide runner with one thread per logical processor.</summary>
    public static ChunkRunner Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Total threads this runner uses, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Runs chunks 0..<paramref name="chunkCount"/>-1 of <paramref name="job"/> and returns when all are done.</summary>
    /// <param name="job">The job.</param>
    /// <param name="chunkCount">Number of chunks.</param>
    /// <param name="maxThreads">Upper bound on threads for this run (1 runs everything on the caller).</param>
    public void Run(ChunkedJob job, int chunkCount, int maxThreads = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int helpers = Math.Min(Math.Min(_workers.Length, chunkCount - 1), maxThreads - 1);
        if (helpers <= 0 || !Monitor.TryEnter(_gate))
        {
            for (int i = 0; i < chunkCount; i++)
            {
                job.Execute(i);
            }

            return;
        }

        try
        {
            _job = job;
            _count = chunkCount;
            _next = 0;
            _error = null;
            _running = helpers;
            _done.Reset();
            _wake.Release(helpers);
            Work();
            _done.Wait();
            _job = null;
            _error?.Throw();
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_workers.Length > 0)
        {
            _wake.Release(_workers.Length);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _wake.Dispose();
        _done.Dispose();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _wake.Wait();
            if (_disposed)
            {
                return;
            }

            Work();
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _done.Set();
            }
        }
    }

    private void Work()
    {
        var job = _job!;
        int count = _count;
        int chunk;
        while ((chunk = Interlocked.Increment(ref _next) - 1) < count)
        {
            try
            {
                job.Execute(chunk);
            }
#pragma warning disable CA1031 // Any exception from a chunk is captured and re-thrown on the calling thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                Interlocked.Exchange(ref _next, count);
            }
        }
    }
}
