namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The guard of a sweep folder: an OS lock (flock) on <c>DIR/sweep.lock</c>. Whatever writes into the folder (a sweep,
/// <c>reproduce</c>) holds it exclusively for its whole life, so a second writer is refused at once instead of training
/// the same runs; a reader (<c>report</c>) holds it shared while it reads, so that no writer starts under it. The OS
/// releases the lock when the process ends, however it ends (kill -9 included), so it never goes stale; the empty
/// file stays in the folder (deleting it would open a race between two new writers).
/// </summary>
public sealed class SweepLock : IDisposable
{
    /// <summary>The lock file's name inside a sweep folder.</summary>
    public const string FileName = "sweep.lock";

    private readonly FileStream _stream;

    private SweepLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and locks it exclusively; throws at once if another process holds
    /// the lock.
    /// </summary>
    /// <param name="folder">The sweep folder.</param>
    /// <exception cref="IOException">
    /// The folder is in use by another warmup process, is a file, or cannot be created or written; the message names it.
    /// </exception>
    public static SweepLock Acquire(string folder)
    {
        string full = System.IO.Path.GetFullPath(folder);
        CreateFolder(full);
        return AcquireFile(System.IO.Path.Combine(full, FileName), full);
    }

    /// <summary>
    /// The lock of one database: <c>X.lock</c> beside <c>X.db</c> (so <c>DIR/sweep.db</c>'s lock is
    /// <c>DIR/sweep.lock</c>, the folder's, and a shard <c>DIR/shards/3.db</c> has <c>DIR/shards/3.lock</c>).
    /// </summary>
    /// <param name="databasePath">The database file.</param>
    public static string PathFor(string databasePath) => System.IO.Path.ChangeExtension(System.IO.Path.GetFullPath(databasePath), ".lock");

    /// <summary>
    /// Locks one database exclusively (<see cref="PathFor"/>). A shard's database is read for a moment by the other
    /// shards as they start (to skip runs finished elsewhere), by <c>--status</c>, <c>merge</c> and <c>report</c>, each
    /// holding the lock shared while it reads; so the lock is retried for up to <paramref name="wait"/> before the
    /// database counts as in use by another writer.
    /// </summary>
    /// <param name="databasePath">The database file; its folder is created if needed.</param>
    /// <param name="wait">How long a held lock is retried (zero: fail at once).</param>
    /// <exception cref="IOException">Another warmup process holds the lock still after <paramref name="wait"/>, or it cannot be created; the message names it.</exception>
    public static SweepLock AcquireDatabase(string databasePath, TimeSpan wait)
    {
        string path = PathFor(databasePath);
        string folder = System.IO.Path.GetDirectoryName(path)!;
        CreateFolder(folder);
        return AcquireFile(path, System.IO.Path.GetFileName(path) == FileName ? folder : databasePath, wait); // sweep.lock guards the folder
    }

    private static SweepLock AcquireFile(string path, string full, TimeSpan wait = default)
    {
        var deadline = DateTime.UtcNow + wait;
        try
        {
            while (true)
            {
                try
                {
                    return new SweepLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
                }
                catch (IOException e) when (IsHeldElsewhere(e) && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                }
            }
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new IOException(
                $"{full} is in use by another warmup process (a sweep or reproduce writing to it, or a report reading it): {path} is locked. " +
                "Wait for it to finish, or use another folder.",
                e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot write to {full}: permission denied (creating {path}).", e);
        }
    }

    /// <summary>
    /// A shared lock for a reader of a database, or null when there is no lock file or it cannot be
    /// taken; <paramref name="writerActive"/> is then true unless the file is simply absent.
    /// </summary>
    /// <param name="path">The lock file (<see cref="PathFor"/>).</param>
    /// <param name="writerActive">Whether a writer may be using the folder now.</param>
    internal static SweepLock? TryShared(string path, out bool writerActive)
    {
        writerActive = false;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return new SweepLock(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            writerActive = true;
            return null;
        }
    }

    /// <summary>
    /// Whether a writer holds the lock of the database at <paramref name="databasePath"/> now (a shard being trained).
    /// Only as reliable as the file system's locks: across nodes, NFS and Lustre need lock support (flock) enabled.
    /// </summary>
    /// <param name="databasePath">The database file.</param>
    public static bool IsHeld(string databasePath)
    {
        using var probe = TryShared(PathFor(databasePath), out bool writerActive);
        return writerActive;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    /// <summary>Creates <paramref name="full"/> if missing, with a message naming it when that is impossible.</summary>
    /// <param name="full">A full path.</param>
    internal static void CreateFolder(string full)
    {
        if (File.Exists(full))
        {
            throw new IOException($"{full} is a file, not a folder.");
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot create the folder {full}: permission denied.", e);
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot create the folder {full}: {e.Message}", e);
        }
    }

    // .NET maps flock's EWOULDBLOCK (11 on Linux, 35 on macOS) to a plain IOException ("being used by another process").
    private static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException) && (e.HResult is 11 or 35 || e.Message.Contains("being used by another process", StringComparison.Ordinal));
}
