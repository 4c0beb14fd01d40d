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
    private readonly Lock _gate = new();
    private int _version = SweepSchema.Version;

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
        if (Directory.Exists(full))
        {
            throw new IOException($"{path} is a folder, not a sweep database file.");
        }

        SweepLock.CreateFolder(System.IO.Path.GetDirectoryName(full)!);
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
                    Execute(SweepSchema.Create);
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
    /// -wal or -shm file beside it; during a sweep it is read through the sweep's own log.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, is corrupt, or is not a sweep database; the message names it and what is wrong.</exception>
    /// <exception cref="IOException">The file cannot be read; the message names it.</exception>
    public static SweepDatabase OpenReadOnly(string path) => OpenReading(path, allowEmpty: false);

    /// <summary>
    /// Refuses, before a writer creates anything beside it, an existing file at <paramref name="path"/> that the
    /// writer would refuse (not SQLite, or not a sweep database); reads only.
    /// </summary>
    /// <param name="path">The database file, which need not exist.</param>
    internal static void CheckBeforeWriting(string path)
    {
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

        var readerLock = SweepLock.TryShared(System.IO.Path.GetDirectoryName(full)!, out bool writerActive);
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
                db._version = SweepSchema.Check(connection, path, allowEmpty) ?? SweepSchema.Version;
                return 0;
            });
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>True when a run with these settings has finished and is stored.</summary>
    /// <param name="s">The run's settings.</param>
    public bool Contains(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string configuration = s.Configuration;
        return Guard(() =>
        {
            lock (_gate)
            {
                using var command = Command("SELECT COUNT(*) FROM runs WHERE task = $task AND method = $method AND lr = $lr AND beta2 = $beta2 AND seed = $seed AND configuration = $configuration", s, configuration);
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
            }
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
        string configuration = r.Settings.Configuration;
        return Guard(() =>
        {
            lock (_gate)
            {
                return Insert(r, configuration);
            }
        });
    }

    /// <summary>Every stored run.</summary>
    public List<StoredRun> Runs() => Guard(() =>
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note FROM runs ORDER BY id";
            using var reader = command.ExecuteReader();
            var runs = new List<StoredRun>();
            while (reader.Read())
            {
                runs.Add(new StoredRun(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt32(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.GetString(9),
                    reader.GetInt32(10) != 0, reader.IsDBNull(11) ? null : reader.GetInt32(11), reader.GetInt32(12), reader.GetDouble(13), reader.GetString(14)));
            }

            return runs;
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

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _readerLock?.Dispose();
    }

    // One transaction: the run (unless already stored), its curve and its diagnostics. Caller holds _gate.
    private bool Insert(TrainResult r, string configuration)
    {
        if (_version == 1)
        {
            DiagnosticRows.MigrateFromVersion1(_connection);
            _version = SweepSchema.Version;
        }

        using var transaction = _connection.BeginTransaction();
        long id;
        using (var run = Command(
            "INSERT INTO runs (task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note, finished) " +
            "VALUES ($task, $method, $lr, $beta2, $seed, $configuration, $train, $metric, $metricName, $diverged, $divergedAt, $steps, $seconds, $data, $finished) " +
            "ON CONFLICT (task, method, lr, beta2, seed, configuration) DO NOTHING RETURNING id",
            r.Settings,
            configuration))
        {
            run.Transaction = transaction;
            run.Parameters.AddWithValue("$train", Real(r.FinalTrainLoss));
            run.Parameters.AddWithValue("$metric", Real(r.TestMetric));
            run.Parameters.AddWithValue("$metricName", r.MetricName);
            run.Parameters.AddWithValue("$diverged", r.Diverged ? 1 : 0);
            run.Parameters.AddWithValue("$divergedAt", (object?)r.DivergedAtStep ?? DBNull.Value);
            run.Parameters.AddWithValue("$steps", r.StepsDone);
            run.Parameters.AddWithValue("$seconds", r.Seconds);
            run.Parameters.AddWithValue("$data", r.DataNote);
            run.Parameters.AddWithValue("$finished", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            object? inserted = run.ExecuteScalar();
            if (inserted is null or DBNull)
            {
                transaction.Rollback();
                return false;
            }

            id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
        }

        using (var curve = _connection.CreateCommand())
        {
            curve.Transaction = transaction;
            curve.CommandText = "INSERT INTO curve (run_id, step, train_loss, lr) VALUES ($id, $step, $loss, $lr)";
            var (pid, pstep, ploss, plr) = (curve.Parameters.Add("$id", SqliteType.Integer), curve.Parameters.Add("$step", SqliteType.Integer), curve.Parameters.Add("$loss", SqliteType.Real), curve.Parameters.Add("$lr", SqliteType.Real));
            pid.Value = id;
            foreach (var p in r.Curve)
            {
                (pstep.Value, ploss.Value, plr.Value) = (p.Step, p.TrainLoss, p.LearningRate);
                curve.ExecuteNonQuery();
            }
        }

        DiagnosticRows.Insert(_connection, transaction, id, r.Diagnostics);
        transaction.Commit();
        return true;
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

    // A REAL or NULL: SQLite has no NaN; infinities are stored as such.
    private static object Real(double? x) => x is double v && !double.IsNaN(v) ? v : DBNull.Value;

    private SqliteCommand Command(string sql, TrainSettings s, string configuration)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$task", s.Task);
        command.Parameters.AddWithValue("$method", s.Method.Name);
        command.Parameters.AddWithValue("$lr", s.LearningRate);
        command.Parameters.AddWithValue("$beta2", s.Beta2);
        command.Parameters.AddWithValue("$seed", s.Seed);
        command.Parameters.AddWithValue("$configuration", configuration);
        return command;
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
