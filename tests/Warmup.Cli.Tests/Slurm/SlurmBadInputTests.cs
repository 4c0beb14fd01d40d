using Microsoft.Data.Sqlite;

namespace Warmup.Cli.Tests.Slurm;

/// <summary>Bad input to the sharded and Slurm modes of <c>sweep</c>, <c>merge</c> and <c>report</c>: a clear error, exit code 2, nothing written.</summary>
public sealed class SlurmBadInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-slurm-input-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string Out => Path.Combine(_dir.FullName, "sweep");

    private string[] Grid(string methods = "adam,radam") =>
    [
        "sweep", "--task", "fmnist-mlp", "--methods", methods, "--lrs", "0.001", "--seeds", "1,2", "--steps", "5", "--diagnose-every", "0",
        "--data", WarmupProcess.Sample, "--out", Out,
    ];

    private static void Refused((int ExitCode, string Stdout, string Stderr) result, params string[] words)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
        foreach (var word in words)
        {
            Assert.Contains(word, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WithoutSbatchOnThePathTheErrorNamesThePackagesAndNothingIsWritten()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty-path")).FullName;
        var result = WarmupProcess.RunWith(new Dictionary<string, string> { ["PATH"] = empty }, TimeSpan.FromMinutes(2), [.. Grid(), "--slurm"]);
        Refused(result, "sbatch was not found on the PATH", "slurm-client", "--dry-run");
        Assert.False(Directory.Exists(Out));

        // --dry-run needs no Slurm: it writes the script and says it did not submit it.
        var dry = WarmupProcess.RunWith(new Dictionary<string, string> { ["PATH"] = empty }, TimeSpan.FromMinutes(2), [.. Grid(), "--slurm", "--dry-run", "--shards", "2"]);
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Contains("Not submitted (--dry-run)", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/2\"", File.ReadAllText(Path.Combine(Out, "slurm", "sweep.sbatch")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "shards", "grid.json")));
    }

    [Fact]
    public void AShardIndexOutOfRangeIsRefused()
    {
        Refused(WarmupProcess.Run([.. Grid(), "--shard", "4/4"]), "--shard '4/4'", "numbered 0 to 3");
        Refused(WarmupProcess.Run([.. Grid(), "--shard", "0/5"]), "5 shards for a grid of 4 runs");
        Refused(WarmupProcess.Run([.. Grid(), "--slurm", "--dry-run", "--shards", "9"]), "9 shards for a grid of 4 runs");
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void SlurmWithJobsSaysWhichWins()
    {
        Refused(WarmupProcess.Run([.. Grid(), "--slurm", "--jobs", "2"]), "--slurm decides how the sweep runs, so --jobs has no place beside it", "--cpus-per-task");
        Refused(WarmupProcess.Run([.. Grid(), "--slurm", "--shard", "0/2"]), "--shard has no place beside it");
        Refused(WarmupProcess.Run([.. Grid(), "--partition", "x"]), "--partition: Slurm options, which need --slurm");
        Refused(WarmupProcess.Run(["sweep", "--status", Out, "--jobs", "2"]), "--status prints the state of a sweep folder and takes no other option (got --jobs)");
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void AShardOfAnotherGridIsRefusedByNameByMergeAndReport()
    {
        string other = Path.Combine(_dir.FullName, "other");
        Assert.Equal(0, WarmupProcess.Run([.. Grid(), "--shard", "0/2"]).ExitCode);
        string[] otherGrid = [.. Grid("adam,sgd")];
        otherGrid[^1] = other;
        Assert.Equal(0, WarmupProcess.Run([.. otherGrid, "--shard", "1/2"]).ExitCode);
        string foreign = Path.Combine(Out, "shards", "1.db");
        File.Copy(Path.Combine(other, "shards", "1.db"), foreign);

        Refused(WarmupProcess.Run(["merge", Out]), foreign, "is a shard of another grid");
        Assert.False(File.Exists(Path.Combine(Out, "sweep.db")));
        Refused(WarmupProcess.Run(["report", Out]), foreign, "is a shard of another grid");
        Assert.False(File.Exists(Path.Combine(Out, "report.md")));

        // Running a shard of the other grid into this folder is refused before training.
        otherGrid[^1] = Out;
        Refused(WarmupProcess.Run([.. otherGrid, "--shard", "1/2"]), "holds the shards of another grid");
    }

    [Theory]
    [InlineData("--partition")]
    [InlineData("--time")]
    [InlineData("--mem")]
    public void ASlurmValueEndingInANewlineIsRefused(string option)
    {
        // At 148eae1 the check ended in '$', which also matches before a final newline: "debug\n" passed onto its own #SBATCH line.
        var result = WarmupProcess.Run([.. Grid(), "--slurm", "--dry-run", option, "debug\n"]);
        Refused(result, $"{option} 'debug", "is not a Slurm value");
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void StatusAndMergeOfAFolderWithoutShardsSayWhatIsMissing()
    {
        Directory.CreateDirectory(Out);
        Refused(WarmupProcess.Run(["sweep", "--status", Out]), "holds no sweep: no sweep.db and no shards");
        Refused(WarmupProcess.Run(["merge", Out]), "has no shard databases");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    public void AShardWhoseDatabaseIsLockedIsNotSubmittedAgain()
    {
        // A shard being trained (its database locked) counts as running even when Slurm cannot say so (no sacct, the
        // job forgotten by squeue, or the script submitted by hand).
        var dry = (string[] args) => WarmupProcess.RunWith(new Dictionary<string, string> { ["PATH"] = Path.Combine(_dir.FullName, "no-slurm") }, TimeSpan.FromMinutes(2), args);
        Assert.Equal(0, WarmupProcess.Run([.. Grid(), "--shard", "0/4"]).ExitCode);
        using (Warmup.Experiments.Sweeps.SweepLock.AcquireDatabase(Path.Combine(Out, "shards", "1.db"), TimeSpan.Zero))
        {
            var result = dry([.. Grid(), "--slurm", "--dry-run", "--shards", "4"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("Shards 1 are queued or running", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("#SBATCH --array=2-3\n", File.ReadAllText(Path.Combine(Out, "slurm", "sweep.sbatch")), StringComparison.Ordinal);
        }
    }
}
