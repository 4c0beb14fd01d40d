using System.Text.Json;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Diagnostics;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The diagnostics of a sweep database: per step the loss and effective learning rate (<c>diagnostics</c>), and every
/// diagnostic's values long, one row per name (<c>diagnostic_values</c>, schema version 2); version 1's wide rows are
/// read through <see cref="FromVersion1"/>, the one mapping the migration uses too.
/// </summary>
internal static class DiagnosticRows
{
    /// <summary>Inserts a run's diagnostics (inside the caller's transaction).</summary>
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, long runId, IEnumerable<DiagnosticPoint> points)
    {
        using var step = connection.CreateCommand();
        step.Transaction = transaction;
        step.CommandText = "INSERT INTO diagnostics (run_id, step, train_loss, lr) VALUES ($id, $step, $loss, $lr)";
        using var value = ValueCommand(connection, transaction);
        foreach (var d in points)
        {
            step.Parameters.Clear();
            step.Parameters.AddWithValue("$id", runId);
            step.Parameters.AddWithValue("$step", d.Step);
            step.Parameters.AddWithValue("$loss", Real(d.TrainLoss));
            step.Parameters.AddWithValue("$lr", Real(d.LearningRate));
            step.ExecuteNonQuery();
            InsertValues(value, runId, d);
        }
    }

    /// <summary>A run's diagnostics, from a database of schema <paramref name="version"/>.</summary>
    public static List<DiagnosticPoint> Read(SqliteConnection connection, int version, long runId)
    {
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$id", runId);
        var points = new List<DiagnosticPoint>();
        if (version == 1)
        {
            command.CommandText = "SELECT step, train_loss, lr, median_update, moment_correlation, gradient_cv, log_gradient_histogram FROM diagnostics WHERE run_id = $id ORDER BY step";
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                points.Add(FromVersion1(r));
            }

            return points;
        }

        command.CommandText = "SELECT d.step, d.train_loss, d.lr, n.name, v.value FROM diagnostics d " +
            "LEFT JOIN diagnostic_values v ON v.run_id = d.run_id AND v.step = d.step LEFT JOIN diagnostic_names n ON n.id = v.name_id " +
            "WHERE d.run_id = $id ORDER BY d.step, n.name";
        using var reader = command.ExecuteReader();
        Dictionary<string, double>? values = null;
        (int Step, double Loss, double Lr) current = default;
        while (reader.Read())
        {
            int step = reader.GetInt32(0);
            if (values is null || step != current.Step)
            {
                if (values is not null)
                {
                    points.Add(new DiagnosticPoint(current.Step, current.Loss, current.Lr, values));
                }

                current = (step, Nullable(reader, 1) ?? double.NaN, Nullable(reader, 2) ?? double.NaN);
                values = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            if (!reader.IsDBNull(3) && Nullable(reader, 4) is double x)
            {
                values[reader.GetString(3)] = x;
            }
        }

        if (values is not null)
        {
            points.Add(new DiagnosticPoint(current.Step, current.Loss, current.Lr, values));
        }

        return points;
    }

    /// <summary>
    /// Migrates a version-1 database to version 2 in one transaction: every wide row becomes its long rows (the mapping
    /// of <see cref="FromVersion1"/>), the wide columns are dropped, and <c>user_version</c> is set; on error nothing changes.
    /// </summary>
    public static void MigrateFromVersion1(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, SweepSchema.Create); // creates only the tables schema 1 lacks (IF NOT EXISTS)
        var byRun = new List<(long Run, DiagnosticPoint Point)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT step, train_loss, lr, median_update, moment_correlation, gradient_cv, log_gradient_histogram, run_id FROM diagnostics ORDER BY run_id, step";
            using var r = select.ExecuteReader();
            while (r.Read())
            {
                byRun.Add((r.GetInt64(7), FromVersion1(r)));
            }
        }

        using (var insert = ValueCommand(connection, transaction))
        {
            foreach (var (run, point) in byRun)
            {
                InsertValues(insert, run, point);
            }
        }

        Execute(connection, transaction, """
            ALTER TABLE diagnostics DROP COLUMN median_update;
            ALTER TABLE diagnostics DROP COLUMN moment_correlation;
            ALTER TABLE diagnostics DROP COLUMN gradient_cv;
            ALTER TABLE diagnostics DROP COLUMN log_gradient_histogram;
            PRAGMA user_version = 2;
            """);
        transaction.Commit();
    }

    /// <summary>One wide row of version 1 (step, loss, lr, median_update, moment_correlation, gradient_cv, histogram JSON) as a point of version 2.</summary>
    private static DiagnosticPoint FromVersion1(SqliteDataReader r)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] names = ["median_update", "moment_correlation", "gradient_cv"];
        for (int i = 0; i < names.Length; i++)
        {
            if (Nullable(r, 3 + i) is double x)
            {
                values[names[i]] = x;
            }
        }

        var histogram = JsonSerializer.Deserialize<int[]>(r.GetString(6)) ?? [];
        for (int k = 0; k < histogram.Length; k++)
        {
            if (histogram[k] != 0)
            {
                values[GradientHistogramDiagnostic.Bin(k)] = histogram[k];
            }
        }

        return new DiagnosticPoint(r.GetInt32(0), Nullable(r, 1) ?? double.NaN, Nullable(r, 2) ?? double.NaN, values);
    }

    // Inserts a value, numbering its name on first use (the name's id is looked up in the same statement).
    private static SqliteCommand ValueCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO diagnostic_names (name) VALUES ($name) ON CONFLICT (name) DO NOTHING;
            INSERT INTO diagnostic_values (run_id, step, name_id, value) VALUES ($id, $step, (SELECT id FROM diagnostic_names WHERE name = $name), $value);
            """;
        return command;
    }

    private static void InsertValues(SqliteCommand command, long runId, DiagnosticPoint point)
    {
        foreach (var (name, x) in point.Values)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", runId);
            command.Parameters.AddWithValue("$step", point.Step);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", Real(x));
            command.ExecuteNonQuery();
        }
    }

    private static double? Nullable(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetDouble(column);

    // A REAL or NULL: SQLite has no NaN; infinities are stored as such.
    private static object Real(double x) => double.IsNaN(x) ? DBNull.Value : x;

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
