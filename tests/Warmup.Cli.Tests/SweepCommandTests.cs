using Microsoft.Data.Sqlite;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Tests;

public sealed class SweepCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-sweep-cli-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void ASweepKilledWithSigkillKeepsItsFinishedRunsAndResumes()
    {
        string[] args =
        [
            "sweep", "--task", "fmnist-mlp", "--methods", "adam,untuned-linear,untuned-exp,radam", "--lrs", "0.001,0.01", "--seeds", "1,2",
            "--steps", "150", "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--out", _dir.FullName,
        ];
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);

        // Kill it (SIGKILL: no chance to clean up) as soon as at least one run is stored.
        using (var sweep = WarmupProcess.Start(args))
        {
            _ = sweep.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = sweep.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (StoredRuns(database) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no run was stored in 3 minutes");
                Assert.False(sweep.HasExited, "the sweep ended before it could be killed");
                Thread.Sleep(20);
            }

            sweep.Kill(entireProcessTree: true);
            sweep.WaitForExit();
        }

        long kept;
        using (var db = new SweepDatabase(database))
        {
            Assert.Equal("ok", db.IntegrityCheck());
            kept = db.Runs().Count;
            Assert.InRange(kept, 1, 15); // killed mid-sweep, finished runs kept
        }

        SqliteConnection.ClearAllPools();
        var (code, stdout, stderr) = WarmupProcess.Run(args);

        Assert.True(code == 0, stderr);
        Assert.Equal(kept, (stdout + stderr).Split('\n').Count(l => l.EndsWith(": already done", StringComparison.Ordinal)));
        Assert.Contains($"{16 - kept} runs trained", stdout, StringComparison.Ordinal);
        using (var db = new SweepDatabase(database))
        {
            Assert.Equal("ok", db.IntegrityCheck());
            var runs = db.Runs();
            Assert.Equal(16, runs.Count);
            Assert.Equal(16, runs.Select(r => (r.Method, r.LearningRate, r.Seed)).Distinct().Count());
            Assert.All(runs, r => Assert.NotEmpty(db.Curve(r.Id)));
        }

        var (reportCode, reportOut, reportErr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("report.md", reportOut, StringComparison.Ordinal);
        Assert.Contains("| lr | beta2 | adam | untuned-linear | untuned-exp | radam |", File.ReadAllText(Path.Combine(_dir.FullName, "report.md")), StringComparison.Ordinal);
    }

    private static long StoredRuns(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM runs";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }
}
