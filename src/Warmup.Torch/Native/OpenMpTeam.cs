using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Warmup.Core.Threading;

namespace Warmup.Torch;

/// <summary>
/// Runs a job on libtorch's own OpenMP threads, through the <c>GOMP_parallel</c> entry point of the libgomp that
/// libtorch loaded (Linux; elsewhere <see cref="IsAvailable"/> is false and callers use their own threads).
/// </summary>
/// <remarks>
/// <para>
/// Why: between operations libtorch's OpenMP workers spin for milliseconds on their cores, waiting for the next
/// parallel region. A thread of our own that wakes during a training loop must first displace such a spinner (on a
/// 2-core machine it started 4-79 µs late, measured inside the pass), whereas a parallel region of our own starts on
/// the spinning workers at once, as the next libtorch operation would. Thread k of the team is the thread that ran
/// part k of libtorch's last element-wise operations, on the same core, so it starts on lane k (see
/// <c>ChunkList</c>): the gradient part it reads is in its cache.
/// </para>
/// <para>
/// The team threads run only <see cref="ChunkLanes.Work"/> on raw memory, never TorchSharp. A chunk's exception is
/// re-thrown on the caller. One run at a time: a second caller meanwhile (another thread, or a chunk of the run itself) is told to use
/// its own threads.
/// </para>
/// </remarks>
internal static unsafe class OpenMpTeam
{
    private static readonly ChunkLanes Lanes = new();
    private static delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void> _parallel;
    private static delegate* unmanaged<int> _threadNumber;
    private static ExceptionDispatchInfo? _failure;
    private static int _busy;
    private static bool _resolved;
    private static string? _library;

    /// <summary>True when libtorch's OpenMP runtime was found and its entry points resolved (false until libtorch is loaded).</summary>
    public static bool IsAvailable => Resolve();

    /// <summary>The libgomp in use, or null.</summary>
    public static string? Library => Resolve() ? _library : null;

    /// <summary>
    /// Runs every chunk of <paramref name="job"/> on <paramref name="threads"/> threads of libtorch's OpenMP team (the
    /// caller is thread 0); returns false, running nothing, when the team is unavailable or busy with another caller.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="laneEnds">Its lanes (see <see cref="ChunkLanes.Start"/>).</param>
    /// <param name="threads">Team size, at least 2.</param>
    public static bool TryRun(ChunkedJob job, ReadOnlySpan<int> laneEnds, int threads)
    {
        if (!Resolve() || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            Lanes.Start(job, laneEnds);
            _failure = null;
            _parallel(&Body, 0, (uint)threads, 0);

            // Every team thread has returned (GOMP_parallel ends with a barrier); this also re-throws a chunk's exception.
            Lanes.Finish();
            _failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    [UnmanagedCallersOnly]
    private static void Body(nint unused)
    {
        try
        {
            Lanes.Work(_threadNumber());
        }
#pragma warning disable CA1031 // No exception may leave a native callback; Work keeps a chunk's own, this keeps anything else.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }

    // Looks for the entry points once libtorch is loaded; before that it finds nothing and remembers nothing.
    private static bool Resolve()
    {
        if (Volatile.Read(ref _resolved))
        {
            return _parallel != null;
        }

        lock (Lanes)
        {
            if (!_resolved && Mapped() is var (torchLoaded, libGomp) && (torchLoaded || !OperatingSystem.IsLinux()))
            {
                if (libGomp is not null && NativeLibrary.TryLoad(libGomp, out var library) &&
                    NativeLibrary.TryGetExport(library, "GOMP_parallel", out var parallel) &&
                    NativeLibrary.TryGetExport(library, "omp_get_thread_num", out var threadNumber))
                {
                    _parallel = (delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void>)parallel;
                    _threadNumber = (delegate* unmanaged<int>)threadNumber;
                    _library = libGomp;
                }

                Volatile.Write(ref _resolved, true);
            }

            return _parallel != null;
        }
    }

    // Whether libtorch is mapped into this process, and the libgomp next to it (libtorch ships its own, named
    // libgomp-<hash>.so.1). Linux only.
    private static (bool TorchLoaded, string? LibGomp) Mapped()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (false, null);
        }

        try
        {
            var mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is int at and >= 0 ? line[at..] : null)
                .OfType<string>()
                .Distinct()
                .ToList();
            var torchFolders = mapped
                .Where(p => Path.GetFileName(p).StartsWith("libtorch_cpu.", StringComparison.Ordinal))
                .Select(Path.GetDirectoryName)
                .ToHashSet();
            return (torchFolders.Count > 0, mapped.FirstOrDefault(p => Path.GetFileName(p).StartsWith("libgomp", StringComparison.Ordinal) && torchFolders.Contains(Path.GetDirectoryName(p))));
        }
        catch (IOException)
        {
            return (false, null);
        }
        catch (UnauthorizedAccessException)
        {
            return (false, null);
        }
    }
}
