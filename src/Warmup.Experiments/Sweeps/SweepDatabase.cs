using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The SQLite database of a sweep: one row per finished run, its training curve and its diagnostics. A run is written
/// in a single transaction when it has finished, so a sweep killed at any moment (even with SIGKILL) leaves a valid
/// database holding every finished run and nothing of the runs in flight; re-running the sweep skips finished runs.
/// </summary>
public sealed class SweepDatabase : IDisposable
{
    /// <summary>The file name inside a sweep's folder.</summary>
    public const string FileName = "sweep.db";

    private readonly SqliteConnection _connection;
    private readonly SweepLock? _readerLock;
    private readonly bool _writer;
    private readonly Lock _gate = new();
    private int _version = SweepSchema.Version;
    private bool _empty;

    /// <summary>
    /// Opens for writing the database at <paramref name="path"/>, creating it (and its folder) if needed. An existing
    /// file must be a sweep database (or an empty SQLite file): anything else is refused before it is changed.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, or not a sweep database; the message names it and what is missing.</exception>
    /// <exception cref="IOException">The file cannot be opened or written; the message names it.</exception>
    public SweepDatabase(string path)
    {
        Path = path;
        string full = System.IO.Path.GetFullPath(path);
        RefuseFolder(path, full);
        SweepLock.CreateFolder(System.IO.Path.GetDirectoryName(full)!);
        _writer = true;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        try
        {
            Guard(() =>
            {
                _connection.Open();
                Execute("PRAGMA busy_timeout=10000;");
                int? version = SweepSchema.Check(_connection, path, allowEmpty: true);
                Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
                if (version is null)
                {
                    Execute("BEGIN IMMEDIATE;" + SweepSchema.Create + "COMMIT;"); // whole or not at all, for readers of a shard being created

                }
                else
                {
                    _version = version.Value; // schema 1 is migrated by the first run added, so that only reading leaves the file as it was
                }

                return 0;
            });
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    private SweepDatabase(string path, SqliteConnection connection, SweepLock? readerLock)
    {
        Path = path;
        _connection = connection;
        _readerLock = readerLock;
    }

    /// <summary>
    /// Opens an existing sweep database for reading only: nothing in the file or its folder is changed. While no sweep
    /// writes to the folder (its <see cref="SweepLock"/> is free, and is then held shared until
    /// <see cref="Dispose"/>) and no write-ahead log is pending, the file is read as immutable, so SQLite creates no
    /// -wal or -shm file beside it; during a sweep it is read through the sweep's own log, and so is the log a killed
    /// (SIGKILL) writer left (its finished runs may be there only), never skipped: SQLite then needs the -shm file
    /// beside it, or the right to create it, else the error says so.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, is corrupt, or is not a sweep database; the message names it and what is wrong.</exception>
    /// <exception cref="IOException">The file cannot be read; the message names it.</exception>
    public static SweepDatabase OpenReadOnly(string path) => OpenReading(path, allowEmpty: false);

    /// <summary>
    /// <see cref="OpenReadOnly(string)"/> that also accepts an empty SQLite file (a database its writer is just
    /// creating), which then holds no runs.
    /// </summary>
    /// <param name="path">The file.</param>
    internal static SweepDatabase OpenReadOnlyOrEmpty(string path) => OpenReading(path, allowEmpty: true);

    /// <summary>
    /// Refuses, before a writer creates anything beside it (its lock, its folder, a shard layout), what the writer
    /// would refuse at <paramref name="path"/>: a folder, or a file that is not SQLite or not a sweep database; reads only.
    /// </summary>
    /// <param name="path">The database file, which need not exist.</param>
    /// <exception cref="IOException">The path is a folder.</exception>
    /// <exception cref="InvalidDataException">The file is not a sweep database.</exception>
    internal static void CheckBeforeWriting(string path)
    {
        RefuseFolder(path, System.IO.Path.GetFullPath(path));
        if (File.Exists(path))
        {
            using var db = OpenReading(path, allowEmpty: true);
        }
    }

    private static SweepDatabase OpenReading(string path, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new InvalidDataException($"{path} is a folder, not a sweep database file.");
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No sweep database at {path}.", path);
        }

        var readerLock = SweepLock.TryShared(SweepLock.PathFor(full), out bool writerActive);
        var wal = new FileInfo(full + "-wal");
        bool immutable = !writerActive && !(wal.Exists && wal.Length > 0);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? FileUri(full) + "?immutable=1" : full,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        var db = new SweepDatabase(path, connection, readerLock);
        try
        {
            db.Guard(() =>
            {
                connection.Open();
                db.Execute("PRAGMA busy_timeout=10000;");
                int? version = SweepSchema.Check(connection, path, allowEmpty);
                (db._version, db._empty) = (version ?? SweepSchema.Version, version is null);
                return 0;
            });
            return db;
        }
        catch (IOException e) when (!immutable && !writerActive && !File.Exists(full + "-shm"))
        {
            // A killed writer's runs are still in its log, which SQLite reads only through a -shm file it must create.
            db.Dispose();
            throw new IOException(
                $"{path}: its write-ahead log {path}-wal holds runs its killed writer never folded into the file, and reading it needs {path}-shm, " +
                $"which cannot be created in {System.IO.Path.GetDirectoryName(full)} ({e.Message}). Read it as a user who may write in that folder, " +
                "or run its sweep or shard again there: a writer folds the log into the file.",
                e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>How many runs are stored.</summary>
    public int Count() => _empty ? 0 : Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM runs";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    /// <summary>True when a run with these settings has finished and is stored.</summary>
    /// <param name="s">The run's settings.</param>
    public bool Contains(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Contains(RunKey.Of(s));
    }

    /// <summary>True when the run with this key has finished and is stored.</summary>
    /// <param name="key">The run's key.</param>
    public bool Contains(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Use(connection =>
        {
            using var command = RunRows.Command(connection, "SELECT COUNT(*) FROM runs WHERE task = $task AND method = $method AND lr = $lr AND beta2 = $beta2 AND seed = $seed AND configuration = $configuration", key);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        });
    }

    /// <summary>Stores a finished run with its curve and diagnostics, atomically.</summary>
    /// <param name="r">The result.</param>
    /// <exception cref="InvalidOperationException">A run with the same settings is already stored (nothing is written).</exception>
    public void Add(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!TryAdd(r))
        {
            var s = r.Settings;
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{Path}: the run {s.Task} {s.Method.Name} lr={s.LearningRate} beta2={s.Beta2} seed={s.Seed} is already stored."));
        }
    }

    /// <summary>
    /// Stores a finished run with its curve and diagnostics, atomically, unless a run with the same settings is
    /// already stored (then nothing is written and the result is false).
    /// </summary>
    /// <param name="r">The result.</param>
    public bool TryAdd(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        var row = new StoredRun(
            0, s.Task, s.Method.Name, s.LearningRate, s.Beta2, s.Seed, s.Configuration, r.FinalTrainLoss, r.TestMetric, r.MetricName,
            r.Diverged, r.DivergedAtStep, r.StepsDone, r.Seconds, r.DataNote, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return Use(_ => Insert(row, r.Curve, r.Diagnostics));
    }

    /// <summary>
    /// Copies a run of another database (<paramref name="from"/>) with its curve and diagnostics, atomically, unless a
    /// run with the same settings is stored here already (then nothing is written and the result is false).
    /// </summary>
    /// <param name="from">The database holding the run.</param>
    /// <param name="run">The run, as <paramref name="from"/> stores it.</param>
    internal bool TryCopy(SweepDatabase from, StoredRun run)
    {
        var curve = from.Curve(run.Id);
        var diagnostics = from.Diagnostics(run.Id);
        return Use(_ => Insert(run, curve, diagnostics));
    }

    /// <summary>Records a command that trains into this database (see <see cref="Invocation"/>); the same one twice is stored once.</summary>
    /// <param name="invocation">The command.</param>
    public void Record(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        Use(connection =>
        {
            InvocationRows.Insert(connection, invocation);
            return 0;
        });
    }

    /// <summary>The commands that trained into this database, oldest first (none in a database written before 1.0.1, which did not record them).</summary>
    public List<Invocation> Invocations() => _empty ? [] : Use(InvocationRows.Read);

    /// <summary>Runs <paramref name="use"/> on the open connection, serialized with every other use, SQLite failures named by file.</summary>
    internal T Use<T>(Func<SqliteConnection, T> use) => Guard(() =>
    {
        lock (_gate)
        {
            return use(_connection);
        }
    });

    /// <summary>Every stored run.</summary>
    public List<StoredRun> Runs() => _empty ? [] : Guard(() =>
    {
        lock (_gate)
        {
            return RunRows.Read(_connection);
        }
    });

    /// <summary>The training curve of a run.</summary>
    /// <param name="runId">The run.</param>
    public List<CurvePoint> Curve(long runId) => Query(
        "SELECT step, train_loss, lr FROM curve WHERE run_id = $id ORDER BY step", runId,
        r => new CurvePoint(r.GetInt32(0), r.GetDouble(1), r.GetDouble(2)));

    /// <summary>The diagnostics of a run.</summary>
    /// <param name="runId">The run.</param>
    public List<DiagnosticPoint> Diagnostics(long runId) => Guard(() =>
    {
        lock (_gate)
        {
            return DiagnosticRows.Read(_connection, _version, runId);
        }
    });

    /// <summary>When the stored runs finished (UTC): the first and the last, or null when there are none.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? FinishedBetween() => Guard<(DateTimeOffset, DateTimeOffset)?>(() =>
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT MIN(finished), MAX(finished) FROM runs";
            using var reader = command.ExecuteReader();
            return reader.Read() && !reader.IsDBNull(0)
                ? (DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture))
                : null;
        }
    });

    /// <summary>Runs SQLite's integrity check; "ok" when the file is sound.</summary>
    public string IntegrityCheck() => Guard(() =>
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    });

    /// <summary>
    /// Closes the database. A writer first folds its write-ahead log into the file (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>),
    /// so that after a clean end (a signal included) the database file alone holds every stored run; readers of the
    /// moment only delay that (it is skipped if they hold it past the busy timeout), and a killed writer's log is read
    /// by the next reader and folded by the next writer.
    /// </summary>
    public void Dispose()
    {
        if (_writer && _connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                lock (_gate)
                {
                    Execute("PRAGMA wal_checkpoint(TRUNCATE);");
                }
            }
            catch (SqliteException)
            {
                // Busy past the timeout, or read-only storage: the log stays beside the file, where readers find it.
            }
        }

        _connection.Dispose();
        _readerLock?.Dispose();
    }

    // A writer refuses a folder at the database's path, and so does CheckBeforeWriting, before anything is created beside it.
    private static void RefuseFolder(string path, string full)
    {
        if (Directory.Exists(full))
        {
            throw new IOException($"{path} is a folder, not a sweep database file.");
        }
    }

    // One transaction: the run (unless already stored), its curve and its diagnostics. Caller holds _gate.
    private bool Insert(StoredRun r, IEnumerable<CurvePoint> points, IEnumerable<DiagnosticPoint> diagnostics)
    {
        if (_version == 1)
        {
            DiagnosticRows.MigrateFromVersion1(_connection);
            _version = SweepSchema.Version;
        }

        return RunRows.Insert(_connection, r, points, diagnostics);
    }

    // A file: URI for SQLite (every byte outside the unreserved set and '/' percent-encoded).
    private static string FileUri(string fullPath)
    {
        var uri = new StringBuilder("file:");
        foreach (byte b in Encoding.UTF8.GetBytes(fullPath))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_' or '~')
            {
                uri.Append(c);
            }
            else
            {
                uri.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return uri.ToString();
    }

    // Runs a database operation; SQLite failures and unreadable values become one-line errors naming the file.
    private T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Describe(e, Path);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or JsonException)
        {
            throw new InvalidDataException($"{Path} holds a value this version cannot read ({e.Message}).", e);
        }
    }

    private List<T> Query<T>(string sql, long runId, Func<SqliteDataReader, T> read) => Guard(() =>
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", runId);
            using var reader = command.ExecuteReader();
            var list = new List<T>();
            while (reader.Read())
            {
                list.Add(read(reader));
            }

            return list;
        }
    });

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
