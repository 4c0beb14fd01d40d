using System.Globalization;
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
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    public SweepDatabase(string path)
    {
        Path = path;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS runs (
              id INTEGER PRIMARY KEY,
              task TEXT NOT NULL, method TEXT NOT NULL, lr REAL NOT NULL, beta2 REAL NOT NULL, seed INTEGER NOT NULL,
              configuration TEXT NOT NULL,
              final_train_loss REAL, test_metric REAL, metric_name TEXT NOT NULL,
              diverged INTEGER NOT NULL, diverged_at INTEGER, steps INTEGER NOT NULL, seconds REAL NOT NULL,
              data_note TEXT NOT NULL, finished TEXT NOT NULL,
              UNIQUE (task, method, lr, beta2, seed, configuration));
            CREATE TABLE IF NOT EXISTS curve (
              run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL, train_loss REAL NOT NULL, lr REAL NOT NULL,
              PRIMARY KEY (run_id, step));
            CREATE TABLE IF NOT EXISTS diagnostics (
              run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL, train_loss REAL, lr REAL,
              median_update REAL, moment_correlation REAL, gradient_cv REAL, log_gradient_histogram TEXT NOT NULL,
              PRIMARY KEY (run_id, step));
            """);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>True when a run with these settings has finished and is stored.</summary>
    /// <param name="s">The run's settings.</param>
    public bool Contains(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        lock (_gate)
        {
            using var command = Command("SELECT COUNT(*) FROM runs WHERE task = $task AND method = $method AND lr = $lr AND beta2 = $beta2 AND seed = $seed AND configuration = $configuration", s);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        }
    }

    /// <summary>Stores a finished run with its curve and diagnostics, atomically.</summary>
    /// <param name="r">The result.</param>
    public void Add(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            long id;
            using (var run = Command(
                "INSERT INTO runs (task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note, finished) " +
                "VALUES ($task, $method, $lr, $beta2, $seed, $configuration, $train, $metric, $metricName, $diverged, $divergedAt, $steps, $seconds, $data, $finished) RETURNING id",
                r.Settings))
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
                id = Convert.ToInt64(run.ExecuteScalar(), CultureInfo.InvariantCulture);
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

            using (var diagnostics = _connection.CreateCommand())
            {
                diagnostics.Transaction = transaction;
                diagnostics.CommandText = "INSERT INTO diagnostics (run_id, step, train_loss, lr, median_update, moment_correlation, gradient_cv, log_gradient_histogram) " +
                    "VALUES ($id, $step, $loss, $lr, $update, $correlation, $cv, $histogram)";
                foreach (var d in r.Diagnostics)
                {
                    diagnostics.Parameters.Clear();
                    diagnostics.Parameters.AddWithValue("$id", id);
                    diagnostics.Parameters.AddWithValue("$step", d.Step);
                    diagnostics.Parameters.AddWithValue("$loss", Real(d.TrainLoss));
                    diagnostics.Parameters.AddWithValue("$lr", Real(d.LearningRate));
                    diagnostics.Parameters.AddWithValue("$update", Real(d.MedianUpdate));
                    diagnostics.Parameters.AddWithValue("$correlation", Real(d.MomentCorrelation));
                    diagnostics.Parameters.AddWithValue("$cv", Real(d.GradientCv));
                    diagnostics.Parameters.AddWithValue("$histogram", JsonSerializer.Serialize(d.LogGradientHistogram));
                    diagnostics.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
    }

    /// <summary>Every stored run.</summary>
    public List<StoredRun> Runs()
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
    }

    /// <summary>The training curve of a run.</summary>
    /// <param name="runId">The run.</param>
    public List<CurvePoint> Curve(long runId) => Query(
        "SELECT step, train_loss, lr FROM curve WHERE run_id = $id ORDER BY step", runId,
        r => new CurvePoint(r.GetInt32(0), r.GetDouble(1), r.GetDouble(2)));

    /// <summary>The diagnostics of a run.</summary>
    /// <param name="runId">The run.</param>
    public List<DiagnosticPoint> Diagnostics(long runId) => Query(
        "SELECT step, train_loss, lr, median_update, moment_correlation, gradient_cv, log_gradient_histogram FROM diagnostics WHERE run_id = $id ORDER BY step", runId,
        r => new DiagnosticPoint(
            r.GetInt32(0), r.IsDBNull(1) ? double.NaN : r.GetDouble(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2),
            r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5),
            JsonSerializer.Deserialize<int[]>(r.GetString(6)) ?? []));

    /// <summary>When the stored runs finished (UTC): the first and the last, or null when there are none.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? FinishedBetween()
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
    }

    /// <summary>Runs SQLite's integrity check; "ok" when the file is sound.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    // A REAL or NULL: SQLite has no NaN (a diagnostic of a run going bad can be one); infinities are stored as such.
    private static object Real(double? x) => x is double v && !double.IsNaN(v) ? v : DBNull.Value;

    private SqliteCommand Command(string sql, TrainSettings s)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$task", s.Task);
        command.Parameters.AddWithValue("$method", s.Method.Name);
        command.Parameters.AddWithValue("$lr", s.LearningRate);
        command.Parameters.AddWithValue("$beta2", s.Beta2);
        command.Parameters.AddWithValue("$seed", s.Seed);
        command.Parameters.AddWithValue("$configuration", s.Configuration);
        return command;
    }

    private List<T> Query<T>(string sql, long runId, Func<SqliteDataReader, T> read)
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
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
