using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Tests.Slurm;

/// <summary>
/// <c>warmup sweep --slurm</c> against a real Slurm on localhost (<see cref="SlurmCluster"/>): the array runs, a
/// cancelled task is reported and resubmitted alone, and the report holds every run once.
/// </summary>
public sealed partial class SlurmSweepTests(SlurmCluster cluster, ITestOutputHelper output) : IClassFixture<SlurmCluster>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-slurm-sweep-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void AFourShardArrayOfTinyRunsCompletesAndTheReportHoldsEveryRunOnce()
    {
        cluster.Require();
        var clock = Stopwatch.StartNew();
        string[] grid = Grid(steps: 30, seeds: "1,2");
        var (code, stdout, stderr) = Warmup([.. grid, "--slurm", "--shards", "4", "--max-parallel", "2"]);
        Assert.True(code == 0, stderr);
        string job = JobId(stdout);
        Assert.Contains("array 0-3%2, 4 of 4 shards, 8 unfinished runs", stdout, StringComparison.Ordinal);

        var states = cluster.WaitForEnd(job, 4, TimeSpan.FromMinutes(4));
        Assert.All(states.Values, s => Assert.Equal("COMPLETED", s));
        output.WriteLine($"4-shard array of 8 runs: submitted and completed in {clock.Elapsed.TotalSeconds:F1} s");

        var status = Warmup(["sweep", "--status", _dir.FullName]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("8 runs in 4 shards; 8 finished.", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Failed array tasks: none.", status.Stdout, StringComparison.Ordinal);

        // Each shard trained its own two runs, in its own database.
        var folder = new SweepFolder(_dir.FullName);
        for (int i = 0; i < 4; i++)
        {
            using var shard = SweepDatabase.OpenReadOnly(folder.ShardDatabase(i));
            Assert.Equal(2, shard.Runs().Count);
        }

        var report = Warmup(["report", _dir.FullName]);
        Assert.True(report.ExitCode == 0, report.Stderr);
        string markdown = File.ReadAllText(Path.Combine(_dir.FullName, "report.md"));
        Assert.Contains("8 runs, 2 seeds", markdown, StringComparison.Ordinal);

        var merge = Warmup(["merge", _dir.FullName]);
        Assert.True(merge.ExitCode == 0, merge.Stderr);
        using var db = SweepDatabase.OpenReadOnly(folder.Database);
        Assert.Equal(8, db.Runs().Select(RunKey.Of).Distinct().Count());
        Assert.Equal(8, db.Runs().Count);
        output.WriteLine($"with status, report and merge: {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void ACancelledArrayTaskIsReportedAndResubmittingFinishesOnlyWhatWasMissing()
    {
        cluster.Require();
        string[] grid = Grid(steps: 1500, seeds: "1,2");
        string[] submit = [.. grid, "--slurm", "--shards", "4", "--max-parallel", "2"];
        var (code, stdout, stderr) = Warmup(submit);
        Assert.True(code == 0, stderr);
        string job = JobId(stdout);

        // Cancel task 1 while it trains its first run.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (cluster.TaskStates(job).GetValueOrDefault(1) != "RUNNING")
        {
            Assert.True(DateTime.UtcNow < deadline, "array task 1 never ran");
            Thread.Sleep(100);
        }

        Thread.Sleep(1500);
        Assert.Equal(0, cluster.Client("scancel", $"{job}_1").Code);
        var states = cluster.WaitForEnd(job, 4, TimeSpan.FromMinutes(5));
        Assert.Equal("CANCELLED", states[1]);

        var status = Warmup(["sweep", "--status", _dir.FullName]);
        output.WriteLine(status.Stdout);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Matches($@"\n\s+1\s+[01]/2\s+{job}_1\s+failed \(CANCELLED\)", status.Stdout);
        Assert.Contains($"Failed array tasks: {job}_1 (CANCELLED, shard 1:", status.Stdout, StringComparison.Ordinal);
        int before = StoredRuns();
        Assert.InRange(before, 6, 7);

        // The same command again submits shard 1 alone, which trains only its missing runs.
        var again = Warmup(submit);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"array 1%2, 1 of 4 shards, {8 - before} unfinished runs", again.Stdout, StringComparison.Ordinal);
        string second = JobId(again.Stdout);
        Assert.Equal("COMPLETED", cluster.WaitForEnd(second, 1, TimeSpan.FromMinutes(4))[1]);

        Assert.Equal(8, StoredRuns()); // every run once over all the shard databases: none trained twice
        var final = Warmup(["sweep", "--status", _dir.FullName]);
        Assert.Contains("8 runs in 4 shards; 8 finished.", final.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{second}_1", final.Stdout, StringComparison.Ordinal);

        // And a third time there is nothing to submit.
        var third = Warmup(submit);
        Assert.True(third.ExitCode == 0, third.Stderr);
        Assert.Contains("Every run of the grid is finished: nothing to submit.", third.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ASubmissionSlurmRefusesLeavesTheFolderAsItWas()
    {
        cluster.Require();
        var (code, stdout, stderr) = Warmup([.. Grid(steps: 5, seeds: "1"), "--slurm", "--partition", "nosuch"]);
        Assert.True(code == 2, stdout + stderr);
        Assert.Contains("sbatch", stderr, StringComparison.Ordinal);
        Assert.Contains("partition", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.FullName));
    }

    private string[] Grid(int steps, string seeds) =>
    [
        "sweep", "--task", "fmnist-mlp", "--methods", "adam,untuned-linear", "--lrs", "0.001,0.01", "--seeds", seeds,
        "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "32", "--diagnose-every", "0",
        "--data", WarmupProcess.Sample, "--out", _dir.FullName,
    ];

    private (int ExitCode, string Stdout, string Stderr) Warmup(string[] args) => WarmupProcess.RunWith(cluster.Environment, TimeSpan.FromMinutes(2), args);

    // Runs over every database of the folder, counted with repeats.
    private int StoredRuns()
    {
        var folder = new SweepFolder(_dir.FullName);
        int runs = 0;
        foreach (var file in folder.ShardDatabases())
        {
            using var db = SweepDatabase.OpenReadOnly(file);
            runs += db.Runs().Count;
        }

        return runs;
    }

    private static string JobId(string stdout)
    {
        var match = Submitted().Match(stdout);
        Assert.True(match.Success, stdout);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Submitted job (\d+):")]
    private static partial Regex Submitted();
}
