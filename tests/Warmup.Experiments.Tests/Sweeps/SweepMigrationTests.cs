using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;
using Warmup.Experiments.Training.Diagnostics;

namespace Warmup.Experiments.Tests.Sweeps;

/// <summary>
/// A database of schema 1 (diagnostics in wide columns, as every sweep until commit 3da46bf wrote them, including the
/// committed <c>reproduction/full/sweep.db</c>): read as it is, and migrated to the long table by the first run added.
/// </summary>
public sealed class SweepMigrationTests : IDisposable
{
    // The tables of schema 1, from SweepSchema.Create at commit 3da46bf.
    private const string Version1 = """
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY,
          task TEXT NOT NULL, method TEXT NOT NULL, lr REAL NOT NULL, beta2 REAL NOT NULL, seed INTEGER NOT NULL,
          configuration TEXT NOT NULL,
          final_train_loss REAL, test_metric REAL, metric_name TEXT NOT NULL,
          diverged INTEGER NOT NULL, diverged_at INTEGER, steps INTEGER NOT NULL, seconds REAL NOT NULL,
          data_note TEXT NOT NULL, finished TEXT NOT NULL,
          UNIQUE (task, method, lr, beta2, seed, configuration));
        CREATE TABLE curve (
          run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL, train_loss REAL NOT NULL, lr REAL NOT NULL,
          PRIMARY KEY (run_id, step));
        CREATE TABLE diagnostics (
          run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL, train_loss REAL, lr REAL,
          median_update REAL, moment_correlation REAL, gradient_cv REAL, log_gradient_histogram TEXT NOT NULL,
          PRIMARY KEY (run_id, step));
        INSERT INTO runs VALUES (1, 'fmnist-mlp', 'adam', 0.01, 0.999, 1, 'old', 0.5, 80.0, 'test accuracy (%)', 0, NULL, 2, 1.0, 'data', '2026-01-01T00:00:00Z');
        INSERT INTO curve VALUES (1, 1, 2.3, 0.01);
        INSERT INTO diagnostics VALUES (1, 1, 2.3, 0.01, 0.75, 0.5, NULL, '[3,0,2]');
        INSERT INTO diagnostics VALUES (1, 2, 2.1, 0.01, NULL, 0.25, 1e999, '[]');
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-migration-");

    private string Database => Path.Combine(_dir.FullName, SweepDatabase.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void ASchema1DatabaseIsReadAsItIsAndLeftUnchanged()
    {
        CreateVersion1();
        byte[] before = SHA256.HashData(File.ReadAllBytes(Database));
        using (var db = SweepDatabase.OpenReadOnly(Database))
        {
            CheckOldRun(db);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(Database)));
    }

    [Fact]
    public void TheFirstRunAddedMigratesItToTheLongTable()
    {
        CreateVersion1();
        var result = TrainerTests.Train(TrainerTests.Small() with { Steps = 2 });
        using (var db = new SweepDatabase(Database))
        {
            CheckOldRun(db); // still schema 1 until a run is added
            db.Add(result);
            CheckOldRun(db);
            var added = db.Runs().Single(r => r.Id != 1);
            Assert.Equal(result.Diagnostics, db.Diagnostics(added.Id));
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(2L, command.ExecuteScalar());
        command.CommandText = "SELECT group_concat(name) FROM pragma_table_info('diagnostics')";
        Assert.Equal("run_id,step,train_loss,lr", command.ExecuteScalar());
        using var reopened = SweepDatabase.OpenReadOnly(Database);
        CheckOldRun(reopened);
    }

    // The two wide rows as named values: NULL is no value, the histogram's non-zero bins are values, 1e999 is +infinity.
    private static void CheckOldRun(SweepDatabase db)
    {
        var points = db.Diagnostics(1);
        Assert.Equal([1, 2], points.Select(p => p.Step));
        Assert.Equal((2.3, 0.01), (points[0].TrainLoss, points[0].LearningRate));
        Assert.Equal(
            new Dictionary<string, double> { ["median_update"] = 0.75, ["moment_correlation"] = 0.5, [GradientHistogramDiagnostic.Bin(0)] = 3, [GradientHistogramDiagnostic.Bin(2)] = 2 },
            points[0].Values);
        Assert.Equal(new Dictionary<string, double> { ["moment_correlation"] = 0.25, ["gradient_cv"] = double.PositiveInfinity }, points[1].Values);
        Assert.Equal([3, 0, 2, 0], GradientHistogramDiagnostic.Counts(points[0]).Take(4));
    }

    private void CreateVersion1()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Version1;
        command.ExecuteNonQuery();
    }
}
