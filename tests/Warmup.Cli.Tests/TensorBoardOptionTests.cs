using System.Text;
using Microsoft.Data.Sqlite;

namespace Warmup.Cli.Tests;

/// <summary><c>--tensorboard DIR</c> on <c>train</c> and <c>sweep</c> (what is in the files: Warmup.Experiments.Tests' TensorBoardObserverTests).</summary>
public sealed class TensorBoardOptionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-tensorboard-cli-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string Board => Path.Combine(_dir.FullName, "board");

    private string[] Sweep(string seeds) =>
    [
        "sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.001", "--seeds", seeds, "--steps", "5", "--diagnose-every", "0",
        "--data", WarmupProcess.Sample, "--out", Path.Combine(_dir.FullName, "sweep"), "--tensorboard", Board,
    ];

    private string[] EventFiles() =>
        Directory.Exists(Board) ? [.. Directory.GetFiles(Board, "events.out.tfevents.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];

    private static bool StartsLikeAnEventFile(string file) =>
        Encoding.ASCII.GetString(File.ReadAllBytes(file)).Contains("brain.Event:2", StringComparison.Ordinal);

    [Fact]
    public void TrainWritesOneEventFileIntoTheFolder()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "untuned-linear", "--steps", "20", "--data", WarmupProcess.Sample, "--tensorboard", Board);

        Assert.True(code == 0, stderr);
        var file = Assert.Single(EventFiles());
        Assert.Equal(Board, Path.GetDirectoryName(file));
        Assert.True(StartsLikeAnEventFile(file));
        Assert.True(new FileInfo(file).Length > 200, "more than the file_version event");
        Assert.Contains($"TensorBoard events: {file}; view them with `tensorboard --logdir {Board}`.", stdout, StringComparison.Ordinal);
        Assert.Contains("fmnist-mlp untuned-linear: step ", stderr, StringComparison.Ordinal); // the live line is still there
    }

    [Fact]
    public void ASweepWritesOneFolderPerRunAndLeavesRunsAlreadyDoneAsTheyWere()
    {
        var first = WarmupProcess.Run(Sweep("1"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var one = Assert.Single(EventFiles());
        byte[] before = File.ReadAllBytes(one);
        Assert.Contains($"TensorBoard: `tensorboard --logdir {Board}`.", first.Stdout, StringComparison.Ordinal);

        // Resumed with a second seed: the first run is done (not trained, its file untouched), the second gets its own folder.
        var second = WarmupProcess.Run(Sweep("1,2"));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("1 runs trained", second.Stdout, StringComparison.Ordinal);
        var files = EventFiles();
        Assert.Equal(2, files.Length);
        Assert.Contains(one, files);
        Assert.Equal(before, File.ReadAllBytes(one));
        Assert.Equal(2, files.Select(Path.GetDirectoryName).Distinct().Count());
        Assert.All(files, f => Assert.Matches(@"board[/\\]fmnist-mlp_[0-9a-f]{8}[/\\]adam_lr=0\.001_beta2=0\.999_seed=[12][/\\]events\.out\.tfevents\.", f));
        Assert.All(files, f => Assert.True(StartsLikeAnEventFile(f)));
    }

    [Fact]
    public void AShardWritesItsRunsAndSlurmPassesTheOptionToEveryShard()
    {
        // What each Slurm array task runs: one shard, here by hand.
        var shard = WarmupProcess.Run([.. Sweep("1,2"), "--shard", "1/2"]);
        Assert.True(shard.ExitCode == 0, shard.Stderr);
        Assert.Matches(@"seed=2[/\\]events\.out\.tfevents\.", Assert.Single(EventFiles()));

        var dry = WarmupProcess.Run([.. Sweep("1,2"), "--slurm", "--dry-run", "--shards", "2"]);
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        string script = File.ReadAllText(Path.Combine(_dir.FullName, "sweep", "slurm", "sweep.sbatch"));
        Assert.Contains($"--tensorboard {Board} ", script, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWhereTheFolderShouldBeIsRefusedBeforeTraining()
    {
        Directory.CreateDirectory(_dir.FullName);
        File.WriteAllText(Board, "not a folder");
        var train = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "adam", "--steps", "5", "--data", WarmupProcess.Sample, "--tensorboard", Board);
        var sweep = WarmupProcess.Run(Sweep("1"));

        foreach (var (code, stdout, stderr) in new[] { train, sweep })
        {
            Assert.Equal(2, code);
            Assert.Equal($"warmup: error: --tensorboard {Board} is a file; give a folder (it is created if needed).", stderr.Trim());
            Assert.Equal("", stdout);
        }

        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "sweep")));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("sweep")]
    public void TheHelpTellsWhereTheFilesGoAndHowToViewThem(string command)
    {
        var (code, stdout, stderr) = WarmupProcess.Run(command, "--help");

        Assert.True(code == 0, stderr);
        Assert.Contains("--tensorboard <DIR>", stdout, StringComparison.Ordinal);
        Assert.Contains("tensorboard --logdir DIR", stdout, StringComparison.Ordinal);
    }
}
