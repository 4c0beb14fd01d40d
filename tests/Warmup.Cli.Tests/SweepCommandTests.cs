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

        // Each run is watched as it trains (a line at each quarter when redirected), and each finished run says how
        // long the rest of the sweep will take; at 148eae1 a sweep printed only when a run ended.
        Assert.Matches(@"\[run \d+/16\] fmnist-mlp \S+ lr=\S+ beta2=\S+ seed=\d: step \d+/\d+ \(\d+ %\), loss \d", stderr);
        if (16 - kept >= 2)
        {
            Assert.Matches(@"; \d+ runs to go, about \d+:\d\d left", stderr);
        }
        using (var db = new SweepDatabase(database))
        {
            Assert.Equal("ok", db.IntegrityCheck());
            var runs = db.Runs();
            Assert.Equal(16, runs.Count);
            Assert.Equal(16, runs.Select(r => (r.Method, r.LearningRate, r.Seed)).Distinct().Count());
            Assert.All(runs, r => Assert.NotEmpty(db.Curve(r.Id)));
        }

        // The report reads the database without changing it or creating -wal/-shm files beside it.
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(database);
        var (reportCode, reportOut, reportErr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("report.md", reportOut, StringComparison.Ordinal);
        Assert.Contains("| lr | beta2 | adam | untuned-linear | untuned-exp | radam |", File.ReadAllText(Path.Combine(_dir.FullName, "report.md")), StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(database));
        Assert.False(File.Exists(database + "-wal"));
        Assert.False(File.Exists(database + "-shm"));
    }

    [Fact]
    public void ASecondSweepIntoTheSameFolderIsRefusedAtOnceAsIsAReproduceWhileAReportReads()
    {
        string[] args =
        [
            "sweep", "--task", "fmnist-mlp", "--methods", "adam,radam", "--lrs", "0.001,0.003", "--seeds", "1,2",
            "--steps", "400", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--out", _dir.FullName, "--jobs", "1",
        ];
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        using var first = WarmupProcess.Start(args);
        try
        {
            _ = first.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = first.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(database)) // created once the first sweep holds the folder's lock
            {
                Assert.True(DateTime.UtcNow < deadline, "the first sweep did not start in 2 minutes");
                Assert.False(first.HasExited, "the first sweep ended before the second could start");
                Thread.Sleep(20);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (code, stdout, stderr) = WarmupProcess.Run(args);
            var (reproduceCode, reproduceOut, reproduceErr) = WarmupProcess.Run("reproduce", "--tiny", "--out", _dir.FullName);
            Assert.False(first.HasExited, "the first sweep ended during the check; make it longer");

            foreach (var (c, o, e) in new[] { (code, stdout, stderr), (reproduceCode, reproduceOut, reproduceErr) })
            {
                Assert.Equal(2, c);
                Assert.Equal(string.Empty, o);
                var line = Assert.Single(e.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Equal(
                    $"warmup: error: {_dir.FullName} is in use by another warmup process (a sweep or reproduce writing to it, or a report reading it): " +
                    $"{Path.Combine(_dir.FullName, "sweep.lock")} is locked. Wait for it to finish, or use another folder.",
                    line);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"refusing took {clock.Elapsed}"); // at once: no training, no analyses
            Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "analysis")));

            // A report can read the sweep while it runs (through its write-ahead log).
            var (reportCode, _, reportErr) = WarmupProcess.Run("report", _dir.FullName);
            Assert.True(reportCode == 0, reportErr);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
    }

    [Fact]
    public void ASweepIntoAFolderWithAForeignDatabaseLeavesItByteIdentical()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(database);
        var (code, stdout, stderr) = WarmupProcess.Run(
            "sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.001", "--seeds", "1", "--steps", "5", "--data", WarmupProcess.Sample, "--out", _dir.FullName);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{database} is not a sweep database", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(database));
        Assert.Equal([database], Directory.GetFileSystemEntries(_dir.FullName)); // not even a lock file
    }

    [Fact]
    public void BadDataOrAFileAsOutCreateNothing()
    {
        string output = Path.Combine(_dir.FullName, "new");
        var (code, _, stderr) = WarmupProcess.Run(
            "sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.001", "--data", Path.Combine(_dir.FullName, "no-data"), "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(_dir.FullName, "no-data"), stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));

        string file = Path.Combine(_dir.FullName, "file");
        File.WriteAllText(file, "mine");
        var (fileCode, _, fileErr) = WarmupProcess.Run(
            "sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.001", "--steps", "5", "--data", WarmupProcess.Sample, "--out", file);
        Assert.Equal(2, fileCode);
        Assert.Equal($"warmup: error: {file} is a file, not a folder.", fileErr.Trim());
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void StatusReportsAPlainSweepAndTheSweepWarnsOnceOfWarmupsLongerThanItsRuns()
    {
        string[] args =
        [
            "sweep", "--task", "fmnist-mlp", "--methods", "adam,untuned-linear,untuned-exp", "--lrs", "0.001", "--seeds", "1,2", "--steps", "20",
            "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--out", _dir.FullName,
        ];
        var (code, _, stderr) = WarmupProcess.Run(args);
        Assert.True(code == 0, stderr);

        // One line for the sweep, naming each method whose ramp outlasts the runs (at 148eae1: none).
        var warning = Assert.Single(stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith("warning: a warmup longer than the run (20 steps): untuned-linear (beta2 0.999) reaches 95 % of its learning rate at step 1,900", warning, StringComparison.Ordinal);
        Assert.Contains("; untuned-exp (beta2 0.999) reaches 95 % of its learning rate at step 2,996", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("adam (", warning, StringComparison.Ordinal);

        // --status reads a sweep without shards too (at 148eae1: "holds no sharded sweep").
        var (statusCode, status, statusErr) = WarmupProcess.Run("sweep", "--status", _dir.FullName);
        Assert.True(statusCode == 0, statusErr);
        Assert.Contains($"(no shards): 6 finished runs in {Path.Combine(_dir.FullName, SweepDatabase.FileName)}; the last finished at ", status, StringComparison.Ordinal);
        Assert.Contains("No sweep is writing to it now", status, StringComparison.Ordinal);
        foreach (var method in new[] { "adam", "untuned-linear", "untuned-exp" })
        {
            Assert.Matches($@"(?m)^fmnist-mlp\s+{method}\s+2\s+0\s*$", status);
        }
    }

    [Fact]
    public void ASweepDatabaseThatIsAFolderIsRefusedBeforeAnythingIsCreated()
    {
        // At 148eae1 the refusal came after DIR/sweep.lock (or a shard's grid.json and lock) had been created.
        string database = Directory.CreateDirectory(Path.Combine(_dir.FullName, SweepDatabase.FileName)).FullName;
        string[] args = ["sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.001", "--seeds", "1,2", "--steps", "5", "--data", WarmupProcess.Sample, "--out", _dir.FullName];
        var (code, stdout, stderr) = WarmupProcess.Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"warmup: error: {database} is a folder, not a sweep database file.", stderr.Trim());
        Assert.Equal([database], Directory.GetFileSystemEntries(_dir.FullName));

        string shard = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shards", "0.db")).FullName;
        var (shardCode, _, shardErr) = WarmupProcess.Run([.. args, "--shard", "0/2"]);
        Assert.Equal(2, shardCode);
        Assert.Equal($"warmup: error: {shard} is a folder, not a sweep database file.", shardErr.Trim());
        Assert.Equal([shard], Directory.GetFileSystemEntries(Path.Combine(_dir.FullName, "shards")));
        Assert.Empty(Directory.GetFiles(_dir.FullName));
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
