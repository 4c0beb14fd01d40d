using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Tests;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (a scheduler's time limit) stop every long command the same way: between steps, with
/// one line on stderr saying what was kept and what was discarded, exit 130 or 143, the databases closed with their
/// logs folded in. At 148eae1 Ctrl+C printed "The operation was canceled." with exit 2 (the usage error's code) and
/// SIGTERM killed the process silently (exit 143), leaving a shard's runs only in its -wal file.
/// </summary>
public sealed partial class StopSignalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-stop-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string[] Grid(params string[] extra) =>
    [
        "sweep", "--task", "fmnist-mlp", "--methods", "adam,radam", "--lrs", "0.001,0.01", "--seeds", "1,2,3,4", "--steps", "150",
        "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--out", _dir.FullName, "--jobs", "2", .. extra,
    ];

    [Fact]
    public void SigtermStopsASweepThatNamesTheRunsInFlightAndTheSameCommandTrainsExactlyTheRest()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        var (code, stderr) = StopWhileARunIsInFlight(Grid(), "TERM");

        Assert.Equal(143, code);
        var stop = StopLine().Match(LastLine(stderr));
        Assert.True(stop.Success, stderr);
        Assert.Equal("SIGTERM", stop.Groups["signal"].Value);
        Assert.Equal(database, stop.Groups["db"].Value);
        Assert.DoesNotContain("The operation was canceled", stderr, StringComparison.Ordinal);
        int kept = int.Parse(stop.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var discarded = stop.Groups["runs"].Value.Split(", ");
        Assert.NotEmpty(discarded);

        // A clean stop folds the write-ahead log into the file: sweep.db alone holds every finished run.
        Assert.True(!File.Exists(database + "-wal") || new FileInfo(database + "-wal").Length == 0);
        var alone = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir.FullName, "copy")).FullName, SweepDatabase.FileName);
        File.Copy(database, alone);
        using (var copy = SweepDatabase.OpenReadOnly(alone))
        {
            var labels = copy.Runs().Select(r => $"{r.Task} {r.Method} lr={r.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} beta2={r.Beta2.ToString(System.Globalization.CultureInfo.InvariantCulture)} seed={r.Seed}").ToHashSet();
            Assert.Equal(kept, labels.Count);
            Assert.DoesNotContain(discarded, labels.Contains);
        }

        SqliteConnection.ClearAllPools();
        var (again, stdout, againErr) = WarmupProcess.Run(Grid());
        Assert.True(again == 0, againErr);
        Assert.Contains($"{16 - kept} runs trained", stdout, StringComparison.Ordinal);
        Assert.All(discarded, run => Assert.Contains($"] {run}: test accuracy", againErr, StringComparison.Ordinal));
    }

    [Fact]
    public void SigintStopsAShardWithExit130AndItsStatusCountsWhatItKept()
    {
        string shard = Path.Combine(_dir.FullName, "shards", "0.db");
        var (code, stderr) = StopWhileARunIsInFlight(Grid("--shard", "0/2"), "INT");

        Assert.Equal(130, code);
        var stop = StopLine().Match(LastLine(stderr));
        Assert.True(stop.Success, stderr);
        Assert.Equal("SIGINT", stop.Groups["signal"].Value);
        Assert.Equal(shard, stop.Groups["db"].Value);
        int kept = int.Parse(stop.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);

        var (statusCode, status, statusErr) = WarmupProcess.Run("sweep", "--status", _dir.FullName);
        Assert.True(statusCode == 0, statusErr);
        Assert.Matches($@"(?m)^\s+0\s+{kept}/8\s", status);

        var (again, stdout, againErr) = WarmupProcess.Run(Grid("--shard", "0/2"));
        Assert.True(again == 0, againErr);
        Assert.Contains($"{8 - kept} runs trained", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void TrainStopsOnEitherSignalWithItsExitCodeAndSaysTheRunIsDiscarded(string signal, int exitCode)
    {
        using var train = new RunningWarmup(
            "train", "--task", "fmnist-cnn", "--method", "adam", "--steps", "150", "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample);
        train.WaitFor(e => e.Contains("fmnist-cnn adam: step ", StringComparison.Ordinal), "a progress line");
        train.Signal(signal);

        Assert.Equal(exitCode, train.WaitForExit());
        Assert.Equal(string.Empty, train.Stdout);
        Assert.Equal(
            $"warmup: stopped by SIG{signal}: discarded the run in flight (fmnist-cnn adam lr=0.001 beta2=0.999 seed=1); nothing of it is saved (--save DIR keeps a stopped run)",
            LastLine(train.Stderr));
    }

    [Fact]
    public void TrainWithSaveStoppedBySigtermSavesTheLastWholeStepAndResumesToTheSameNumbers()
    {
        string saved = Path.Combine(_dir.FullName, "saved");
        string whole = Path.Combine(_dir.FullName, "whole");
        string[] run = ["train", "--task", "fmnist-mlp", "--method", "untuned-exp", "--steps", "400", "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--json"];
        using (var train = new RunningWarmup([.. run, "--save", saved]))
        {
            train.WaitFor(e => e.Contains("fmnist-mlp untuned-exp: step ", StringComparison.Ordinal), "a progress line");
            train.Signal("TERM");

            Assert.Equal(143, train.WaitForExit());
            Assert.Matches(
                $@"^warmup: stopped by SIGTERM: the run \(fmnist-mlp untuned-exp lr=0\.001 beta2=0\.999 seed=1\) is saved at step \d+ in {Regex.Escape(saved)}; `warmup train --resume {Regex.Escape(saved)}` continues it$",
                LastLine(train.Stderr));
        }

        var (resumed, resumedOut, resumedErr) = WarmupProcess.Run("train", "--resume", saved, "--json");
        var (straight, straightOut, straightErr) = WarmupProcess.Run([.. run, "--save", whole]);

        Assert.True(resumed == 0, resumedErr);
        Assert.True(straight == 0, straightErr);
        var a = System.Text.Json.JsonDocument.Parse(straightOut).RootElement;
        var b = System.Text.Json.JsonDocument.Parse(resumedOut).RootElement;
        Assert.Equal(a.GetProperty("final_train_loss").GetDouble(), b.GetProperty("final_train_loss").GetDouble());
        Assert.Equal(a.GetProperty("test_metric").GetDouble(), b.GetProperty("test_metric").GetDouble());
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "model-400.bin")), File.ReadAllBytes(Path.Combine(saved, "model-400.bin")));
    }

    [Fact]
    public void ReproduceStoppedBySigintExits130AndKeepsItsRuns()
    {
        using var reproduce = new RunningWarmup("reproduce", "--tiny", "--out", _dir.FullName);
        reproduce.WaitFor(e => e.Contains("analyses", StringComparison.Ordinal), "the analyses");
        reproduce.Signal("INT");

        Assert.Equal(130, reproduce.WaitForExit());
        string line = LastLine(reproduce.Stderr);
        Assert.StartsWith("warmup: stopped by SIGINT: ", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir.FullName, SweepDatabase.FileName), line, StringComparison.Ordinal);
        Assert.EndsWith("run the same command again to resume", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "REPRODUCTION.md")));
    }

    [Fact]
    public void AShardKilledWithSigkillHasItsRunsReadFromItsLogByStatusMergeAndReport()
    {
        // SIGKILL cannot be caught: the shard's finished runs (its tables too) may be only in shards/0.db-wal.
        using (var shard = new RunningWarmup(Grid("--shard", "0/2")))
        {
            shard.WaitFor(RunInFlightAfterOneFinished, "a run in flight after a finished one");
            shard.Signal("KILL");
            Assert.Equal(137, shard.WaitForExit());
        }

        string database = Path.Combine(_dir.FullName, "shards", "0.db");
        Assert.True(new FileInfo(database + "-wal").Length > 0);

        var (statusCode, status, statusErr) = WarmupProcess.Run("sweep", "--status", _dir.FullName);
        Assert.True(statusCode == 0, statusErr);
        int kept = int.Parse(ShardRow().Match(status).Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(kept, 1, 7);

        var (reportCode, _, reportErr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(reportCode == 0, reportErr);
        Assert.Equal(kept, LargeShardedFolder.Count(Path.Combine(_dir.FullName, ".report-cache", "combined.db")));

        var (mergeCode, merged, mergeErr) = WarmupProcess.Run("merge", _dir.FullName);
        Assert.True(mergeCode == 0, mergeErr);
        Assert.Contains($"{database}: {kept} runs added", merged, StringComparison.Ordinal);

        // The next writer of the shard folds its log in; it trains only what the shard lacks.
        var (again, stdout, againErr) = WarmupProcess.Run(Grid("--shard", "0/2"));
        Assert.True(again == 0, againErr);
        Assert.Contains($"{8 - kept} runs trained", stdout, StringComparison.Ordinal);
        Assert.True(!File.Exists(database + "-wal") || new FileInfo(database + "-wal").Length == 0);
    }

    // Starts the sweep, waits until one run has finished (another is training), sends the signal; exit code and stderr.
    private static (int Code, string Stderr) StopWhileARunIsInFlight(string[] args, string signal)
    {
        using var sweep = new RunningWarmup(args);
        sweep.WaitFor(RunInFlightAfterOneFinished, "a run in flight after a finished one");
        sweep.Signal(signal);
        int code = sweep.WaitForExit();
        return (code, sweep.Stderr);
    }

    // A run has finished: with --jobs 2 another is training (a worker starts its next run as it stores one).
    private static bool RunInFlightAfterOneFinished(string stderr) => stderr.Split('\n').Any(l => Finished().IsMatch(l));

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];

    [GeneratedRegex(@"^\[\d+/\d+\] (?<run>\S+ \S+ lr=\S+ beta2=\S+ seed=\d+): test accuracy")]
    private static partial Regex Finished();

    [GeneratedRegex(@"(?m)^\s+0\s+(?<n>\d+)/8\s")]
    private static partial Regex ShardRow();

    [GeneratedRegex(@"^warmup: stopped by (?<signal>SIG[A-Z]+): (?<n>\d+) finished runs? (?:is|are) in (?<db>.+?); discarded the runs? in flight: (?<runs>.+); run the same command again to resume$")]
    private static partial Regex StopLine();
}
