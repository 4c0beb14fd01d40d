using System.Globalization;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>The rows of a run in a sweep database: <c>runs</c> and its <c>curve</c> (the diagnostics are <see cref="DiagnosticRows"/>).</summary>
internal static class RunRows
{
    /// <summary>Every stored run, in id order.</summary>
    public static List<StoredRun> Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note, finished FROM runs ORDER BY id";
        using var reader = command.ExecuteReader();
        var runs = new List<StoredRun>();
        while (reader.Read())
        {
            runs.Add(new StoredRun(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt32(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.GetString(9),
                reader.GetInt32(10) != 0, reader.IsDBNull(11) ? null : reader.GetInt32(11), reader.GetInt32(12), reader.GetDouble(13), reader.GetString(14), reader.GetString(15)));
        }

        return runs;
    }

    /// <summary>Stores a run, its curve and its diagnostics in one transaction, unless the run is stored already (then false).</summary>
    public static bool Insert(SqliteConnection connection, StoredRun r, IEnumerable<CurvePoint> points, IEnumerable<DiagnosticPoint> diagnostics)
    {
        using var transaction = connection.BeginTransaction();
        long id;
        using (var run = Command(
            connection,
            "INSERT INTO runs (task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note, finished) " +
            "VALUES ($task, $method, $lr, $beta2, $seed, $configuration, $train, $metric, $metricName, $diverged, $divergedAt, $steps, $seconds, $data, $finished) " +
            "ON CONFLICT (task, method, lr, beta2, seed, configuration) DO NOTHING RETURNING id",
            RunKey.Of(r)))
        {
            run.Transaction = transaction;
            run.Parameters.AddWithValue("$train", Real(r.FinalTrainLoss));
            run.Parameters.AddWithValue("$metric", Real(r.TestMetric));
            run.Parameters.AddWithValue("$metricName", r.MetricName);
            run.Parameters.AddWithValue("$diverged", r.Diverged ? 1 : 0);
            run.Parameters.AddWithValue("$divergedAt", (object?)r.DivergedAt ?? DBNull.Value);
            run.Parameters.AddWithValue("$steps", r.Steps);
            run.Parameters.AddWithValue("$seconds", r.Seconds);
            run.Parameters.AddWithValue("$data", r.DataNote);
            run.Parameters.AddWithValue("$finished", r.Finished);
            object? inserted = run.ExecuteScalar();
            if (inserted is null or DBNull)
            {
                transaction.Rollback();
                return false;
            }

            id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
        }

        using (var curve = connection.CreateCommand())
        {
            curve.Transaction = transaction;
            curve.CommandText = "INSERT INTO curve (run_id, step, train_loss, lr) VALUES ($id, $step, $loss, $lr)";
            var (pid, pstep, ploss, plr) = (curve.Parameters.Add("$id", SqliteType.Integer), curve.Parameters.Add("$step", SqliteType.Integer), curve.Parameters.Add("$loss", SqliteType.Real), curve.Parameters.Add("$lr", SqliteType.Real));
            pid.Value = id;
            foreach (var p in points)
            {
                (pstep.Value, ploss.Value, plr.Value) = (p.Step, p.TrainLoss, p.LearningRate);
                curve.ExecuteNonQuery();
            }
        }

        DiagnosticRows.Insert(connection, transaction, id, diagnostics);
        transaction.Commit();
        return true;
    }

    // A REAL or NULL: SQLite has no NaN; infinities are stored as such.
    private static object Real(double? x) => x is double v && !double.IsNaN(v) ? v : DBNull.Value;

    /// <summary>A command with the run key's parameters ($task, $method, $lr, $beta2, $seed, $configuration).</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, RunKey key)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$task", key.Task);
        command.Parameters.AddWithValue("$method", key.Method);
        command.Parameters.AddWithValue("$lr", key.LearningRate);
        command.Parameters.AddWithValue("$beta2", key.Beta2);
        command.Parameters.AddWithValue("$seed", key.Seed);
        command.Parameters.AddWithValue("$configuration", key.Configuration);
        return command;
    }
}
