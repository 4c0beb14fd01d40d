using System.Text.Json;

namespace Warmup.Cli.Tests;

// At 148eae1 `train` saved no model, curve or checkpoint, and a killed run was lost.
public sealed class TrainSaveResumeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-train-save-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string[] Train(params string[] more) =>
        ["train", "--task", "fmnist-mlp", "--method", "untuned-linear", "--lr", "3e-3", "--beta2", "0.99", "--steps", "150", "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--json", .. more];

    [Fact]
    public void ARunKilledAfterACheckpointContinuesToTheSameNumbers()
    {
        string whole = Path.Combine(_dir.FullName, "whole");
        string killed = Path.Combine(_dir.FullName, "killed");
        var (code, straightOut, straightErr) = WarmupProcess.Run(Train("--save", whole));
        Assert.True(code == 0, straightErr);
        Assert.True(File.Exists(Path.Combine(whole, "model-150.bin")));
        Assert.Equal(16, File.ReadAllLines(Path.Combine(whole, "curve.csv")).Length);   // header and 15 windows of 10 steps

        // Killed (SIGKILL: nothing can be saved then) once a checkpoint of every 10 steps is on disk.
        using (var run = WarmupProcess.Start(Train("--save", killed, "--save-every", "10")))
        {
            while (!File.Exists(Path.Combine(killed, "run.json")))
            {
                Assert.False(run.HasExited, "the run ended before it could be killed");
                Thread.Sleep(10);
            }

            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }

        var (resumedCode, resumedOut, resumedErr) = WarmupProcess.Run("train", "--resume", killed, "--json");

        Assert.True(resumedCode == 0, resumedErr);
        var a = JsonDocument.Parse(straightOut).RootElement;
        var b = JsonDocument.Parse(resumedOut).RootElement;
        foreach (var property in a.EnumerateObject().Where(p => p.Name != "seconds"))
        {
            Assert.Equal(property.Value.ToString(), b.GetProperty(property.Name).ToString());
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "model-150.bin")), File.ReadAllBytes(Path.Combine(killed, "model-150.bin")));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "curve.csv")), File.ReadAllText(Path.Combine(killed, "curve.csv")));
    }

    [Theory]
    [InlineData("--lr", "0.1")]
    [InlineData("--method", "adam")]
    [InlineData("--steps", "300")]
    public void AResumedRunKeepsItsOwnSettings(string option, string value)
    {
        string folder = Path.Combine(_dir.FullName, "saved");
        var (code, _, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "adam", "--steps", "5", "--data", WarmupProcess.Sample, "--save", folder);
        Assert.True(code == 0, stderr);
        string before = File.ReadAllText(Path.Combine(folder, "run.json"));

        var (refused, stdout, error) = WarmupProcess.Run("train", "--resume", folder, option, value);

        Assert.Equal(2, refused);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"--resume continues the run saved in {folder} with its own settings; drop {option}.", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "run.json")));
    }

    [Fact]
    public void NothingToResumeIsNamed()
    {
        var (code, _, stderr) = WarmupProcess.Run("train", "--resume", _dir.FullName);

        Assert.Equal(2, code);
        Assert.Contains($"No saved run in {_dir.FullName} (no run.json)", stderr, StringComparison.Ordinal);
    }
}
