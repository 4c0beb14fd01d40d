using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The tables and columns a sweep database must have, and the check every reader and writer makes before using a
/// file: it reads only the schema, so a file that is not a sweep database is refused without being changed.
/// </summary>
internal static class SweepSchema
{
    /// <summary>Every table and the columns the code reads or writes.</summary>
    public static IReadOnlyDictionary<string, string[]> Required { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["runs"] =
        [
            "id", "task", "method", "lr", "beta2", "seed", "configuration", "final_train_loss", "test_metric", "metric_name",
            "diverged", "diverged_at", "steps", "seconds", "data_note", "finished",
        ],
        ["curve"] = ["run_id", "step", "train_loss", "lr"],
        ["diagnostics"] = ["run_id", "step", "train_loss", "lr", "median_update", "moment_correlation", "gradient_cv", "log_gradient_histogram"],
    };

    /// <summary>The statements that create the schema (each table only if missing).</summary>
    public const string Create = """
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
        """;

    /// <summary>
    /// Checks the schema of the open database at <paramref name="path"/>. Returns true when it is a sweep database,
    /// false when it has no tables at all (a new or empty file, which a writer may initialise when
    /// <paramref name="allowEmpty"/>).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="allowEmpty">Whether a database without any table is acceptable.</param>
    /// <exception cref="InvalidDataException">Tables or columns are missing; the message names the file and what is missing.</exception>
    public static bool Check(SqliteConnection connection, string path, bool allowEmpty)
    {
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return allowEmpty
                ? false
                : throw new InvalidDataException($"{path} is not a sweep database: it has no tables (expected {string.Join(", ", Required.Keys)}).");
        }

        var missingTables = Required.Keys.Where(t => !tables.Contains(t, StringComparer.Ordinal)).ToList();
        if (missingTables.Count == Required.Count)
        {
            throw new InvalidDataException(
                $"{path} is not a sweep database: it has the tables {string.Join(", ", tables)} but none of {string.Join(", ", Required.Keys)}; it was left unchanged.");
        }

        if (missingTables.Count > 0)
        {
            throw new InvalidDataException($"{path} is not a complete sweep database: table(s) {string.Join(", ", missingTables)} missing; it was left unchanged.");
        }

        foreach (var (table, columns) in Required)
        {
            var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT name FROM pragma_table_info('{table}')");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }

            var missing = columns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{path} is not a sweep database of this version: table {table} lacks column(s) {string.Join(", ", missing)}; it was left unchanged.");
            }
        }

        return true;
    }
}
