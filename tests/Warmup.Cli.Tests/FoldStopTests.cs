using Microsoft.Data.Sqlite;

namespace Warmup.Cli.Tests;

/// <summary>
/// <c>merge</c> and <c>report</c> fold shards one run per transaction; a signal stops them between runs with the same
/// line and exit codes as a sweep, keeping what they folded. At 148eae1 neither listened: SIGTERM killed them silently,
/// and a report left its combined database (12-18 MB with -wal and -shm on the full grid) in the temporary folder.
/// </summary>
public sealed class FoldStopTests : IDisposable
{
    private const int Runs = 1500;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-fold-stop-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void MergeStoppedBySigtermKeepsTheRunsMergedSoFarAndMergingAgainAddsTheRest()
    {
        var folder = LargeShardedFolder.Create(Path.Combine(_dir.FullName, "sweep"), Runs);
        using (var merge = new RunningWarmup("merge", folder.Path))
        {
            merge.WaitFor(_ => LargeShardedFolder.Count(folder.Database) > 0, "a merged run");
            merge.Signal("TERM");
            Assert.Equal(143, merge.WaitForExit());
            Assert.Equal(
                $"warmup: stopped by SIGTERM: the runs merged so far are in {folder.Database} (one transaction each), the shard databases are as they were; run the same command again to merge the rest",
                merge.Stderr.Trim());
        }

        SqliteConnection.ClearAllPools();
        int merged = LargeShardedFolder.Count(folder.Database);
        Assert.InRange(merged, 1, Runs - 1);
        var (code, stdout, stderr) = WarmupProcess.Run("merge", folder.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{Runs - merged} runs added to {folder.Database}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AReportStoppedBySigtermLeavesNothingInTheTemporaryFolderAndKeepsItsCacheInTheSweepFolder()
    {
        var folder = LargeShardedFolder.Create(Path.Combine(_dir.FullName, "sweep"), Runs);
        var before = Leftovers();
        using (var report = new RunningWarmup("report", folder.Path))
        {
            report.WaitFor(_ => LargeShardedFolder.Count(folder.ReportCache) > 0, "a run in the report's cache");
            report.Signal("TERM");
            Assert.Equal(143, report.WaitForExit());
            Assert.Equal(
                $"warmup: stopped by SIGTERM: report.md was not written; the runs folded so far stay in {folder.ReportCache} for the next report",
                report.Stderr.Trim());
        }

        Assert.Empty(Leftovers().Except(before));
        Assert.False(File.Exists(Path.Combine(folder.Path, "report.md")));
        Assert.True(!File.Exists(folder.ReportCache + "-wal") || new FileInfo(folder.ReportCache + "-wal").Length == 0);
        SqliteConnection.ClearAllPools();
        Assert.InRange(LargeShardedFolder.Count(folder.ReportCache), 1, Runs - 1);
    }

    // What 148eae1's report left in the temporary folder.
    private static HashSet<string> Leftovers() => [.. Directory.EnumerateFiles(Path.GetTempPath(), "warmup-combined-*")];
}
