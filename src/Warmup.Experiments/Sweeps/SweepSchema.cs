using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The tables and columns a sweep database must have, and the check every reader and writer makes before using a
/// file: it reads only the schema, so a file that is not a sweep database is refused without being changed.
/// </summary>
internal static class SweepSchema
{
    /// <summary>
    /// The schema this version writes (<c>PRAGMA user_version</c>): 2, diagnostics stored long, one row per run, step,
    /// name and value (names numbered in <c>diagnostic_names</c>, the rows kept in their primary key's tree: about 20
    /// bytes a value).
    /// </summary>
    public const int Version = 2;

    /// <summary>The tables and columns of version 2.</summary>
    public static IReadOnlyDictionary<string, string[]> Required { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["runs"] =
        [
            "id", "task", "method", "lr", "beta2", "seed", "configuration", "final_train_loss", "test_metric", "metric_name",
            "diverged", "diverged_at", "steps", "seconds", "data_note", "finished",
        ],
        ["curve"] = ["run_id", "step", "train_loss", "lr"],
        ["diagnostics"] = ["run_id", "step", "train_loss", "lr"],
        ["diagnostic_names"] = ["id", "name"],
        ["diagnostic_values"] = ["run_id", "step", "name_id", "value"],
    };

    /// <summary>Version 1 (user_version 0, until commit 3da46bf): one wide row of diagnostics per step, no diagnostic_values.</summary>
    public static IReadOnlyDictionary<string, string[]> RequiredVersion1 { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["runs"] = Required["runs"],
        ["curve"] = Required["curve"],
        ["diagnostics"] = ["run_id", "step", "train_loss", "lr", "median_update", "moment_correlation", "gradient_cv", "log_gradient_histogram"],
    };

    /// <summary>Creates the version-2 tables of an empty database.</summary>
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
          PRIMARY KEY (run_id, step));
        CREATE TABLE IF NOT EXISTS diagnostic_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS diagnostic_values (
          run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL, name_id INTEGER NOT NULL REFERENCES diagnostic_names(id), value REAL,
          PRIMARY KEY (run_id, step, name_id)) WITHOUT ROWID;
        PRAGMA user_version = 2;
        """;

    public static int? Check(SqliteConnection connection, string path, bool allowEmpty)
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
                ? null
                : throw new InvalidDataException($"{path} is not a sweep database: it has no tables (expected {string.Join(", ", Required.Keys)}).");
        }

        var missingTables = RequiredVersion1.Keys.Where(t => !tables.Contains(t, StringComparer.Ordinal)).ToList();
        if (missingTables.Count == RequiredVersion1.Count)
        {
            throw new InvalidDataException(
                $"{path} is not a sweep database: it has the tables {string.Join(", ", tables)} but none of {string.Join(", ", RequiredVersion1.Keys)}; it was left unchanged.");
        }

        if (missingTables.Count > 0)
        {
            throw new InvalidDataException($"{path} is not a complete sweep database: table(s) {string.Join(", ", missingTables)} missing; it was left unchanged.");
        }

        int version = tables.Contains("diagnostic_values", StringComparer.Ordinal) ? Version : 1;
        foreach (var (table, columns) in version == Version ? Required : RequiredVersion1)
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
                throw new InvalidDataException($"{path} is not a sweep database of version {version}: table {table} lacks column(s) {string.Join(", ", missing)}; it was left unchanged.");
            }
        }

        return version;
    }
}
