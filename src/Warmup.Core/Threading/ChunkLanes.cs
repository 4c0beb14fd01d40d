using System.Runtime.ExceptionServices;

namespace Warmup.Core.Threading;

/// <summary>
/// One run at a time of a <see cref="ChunkedJob"/> whose chunks are grouped into lanes, shared by whatever threads
/// call <see cref="Work"/>: each takes the chunks of its own lane in order, then those of the next lanes. Allocates
/// nothing per run.
/// </summary>
/// <remarks>
/// <para>
/// Each lane's claim is one 64-bit word: the run's number (20 bits), the lane's next chunk and its end (22 bits each).
/// A thread takes a chunk with one compare-exchange on that word, and reads the job only after it has seen the run's
/// number, so a thread that calls <see cref="Work"/> late, after its run has finished or a newer one has started,
/// can neither run a chunk twice nor run one with the wrong job: it finds nothing to take and returns.
/// </para>
/// <para>
/// An exception thrown by a chunk is kept (the first one) and the chunks not yet started are skipped;
/// <see cref="Finish"/> re-throws it.
/// </para>
/// </remarks>
internal sealed class ChunkLanes
{
    /// <summary>The most chunks a run may have.</summary>
    public const int MaxChunks = (1 << IndexBits) - 1;

    private const int IndexBits = 22;
    private const long IndexMask = MaxChunks;
    private const int RunBits = 64 - (2 * IndexBits);

    // Longs between two lanes' claims: one cache line, so that threads taking chunks in different lanes do not share it.
    private const int Stride = 8;

    private long[] _claims = new long[Stride];
    private int _lanes;
    private long _run;
    private ChunkedJob? _job;
    private int _unfinished;
    private ExceptionDispatchInfo? _error;

    /// <summary>Lanes of the current (or last) run.</summary>
    public int Lanes => Volatile.Read(ref _lanes);

    /// <summary>True when every chunk of the current run has finished (or been skipped after an error).</summary>
    public bool Finished => Volatile.Read(ref _unfinished) == 0;

    /// <summary>Starts a run; the previous one must be finished (<see cref="Finish"/>). Only one thread may call this.</summary>
    /// <param name="job">The job.</param>
    /// <param name="laneEnds">Each lane's end: lane k holds chunks laneEnds[k-1] (0 for the first) to laneEnds[k]-1. Not decreasing, at most <see cref="MaxChunks"/>; at least one lane.</param>
    public void Start(ChunkedJob job, ReadOnlySpan<int> laneEnds)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfZero(laneEnds.Length, nameof(laneEnds));
        for (int i = 0, previous = 0; i < laneEnds.Length; previous = laneEnds[i++])
        {
            if (laneEnds[i] < previous)
            {
                throw new ArgumentException($"Lane ends must not decrease: lane {i} ends at {laneEnds[i]}, before {previous}.", nameof(laneEnds));
            }
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(laneEnds[^1], MaxChunks, nameof(laneEnds));
        if (!Finished)
        {
            throw new InvalidOperationException("The previous run has not finished.");
        }

        int lanes = laneEnds.Length;
        if (_claims.Length < lanes * Stride)
        {
            // A new array, never one resized in place: a late thread still reading the old one finds only finished runs there.
            Volatile.Write(ref _claims, new long[lanes * Stride]);
        }

        long run = (_run + 1) & ((1L << RunBits) - 1);
        _run = run;
        _job = job;
        _error = null;
        _unfinished = laneEnds[^1];
        Volatile.Write(ref _lanes, lanes);
        for (int lane = 0; lane < lanes; lane++)
        {
            long start = lane == 0 ? 0 : laneEnds[lane - 1];
            Volatile.Write(ref _claims[lane * Stride], (run << (2 * IndexBits)) | (start << IndexBits) | (long)laneEnds[lane]);
        }
    }

    /// <summary>
    /// Takes and runs chunks of the current run, lane <paramref name="firstLane"/> mod <see cref="Lanes"/> first,
    /// until none is left. Any thread may call this, any number of times, at any time.
    /// </summary>
    /// <param name="firstLane">The lane to start with (the thread's index in a team, say).</param>
    public void Work(int firstLane)
    {
        var claims = Volatile.Read(ref _claims);
        int lanes = Math.Min(Volatile.Read(ref _lanes), claims.Length / Stride);
        if (lanes == 0)
        {
            return;
        }

        long run = -1;
        ChunkedJob? job = null;
        for (int k = 0; k < lanes; k++)
        {
            ref long claim = ref claims[(((firstLane % lanes) + k) % lanes) * Stride];
            while (true)
            {
                long seen = Volatile.Read(ref claim);
                int next = (int)((seen >> IndexBits) & IndexMask);
                if (next >= (int)(seen & IndexMask))
                {
                    break;
                }

                long seenRun = seen >> (2 * IndexBits);
                if (run < 0)
                {
                    // The job is read only after a live claim of its run was seen (the claims are written after it).
                    (run, job) = (seenRun, Volatile.Read(ref _job));
                }
                else if (seenRun != run)
                {
                    // A lane of another run: this thread's run has finished, or this lane was left over from an older one.
                    break;
                }

                if (Interlocked.CompareExchange(ref claim, seen + (1L << IndexBits), seen) != seen)
                {
                    continue;
                }

                Execute(job!, next);
            }
        }
    }

    /// <summary>Waits until every chunk of the current run has finished; then re-throws the first exception a chunk threw, if any.</summary>
    public void Finish()
    {
        var wait = default(SpinWait);
        while (!Finished)
        {
            wait.SpinOnce(sleep1Threshold: -1);
        }

        _job = null;
        var error = _error;
        _error = null;
        error?.Throw();
    }

    private void Execute(ChunkedJob job, int chunk)
    {
        if (Volatile.Read(ref _error) is null)
        {
            try
            {
                job.Execute(chunk);
            }
#pragma warning disable CA1031 // Any exception from a chunk is captured and re-thrown by Finish.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        Interlocked.Decrement(ref _unfinished);
    }
}
