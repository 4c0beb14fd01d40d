using System.Text.Json;

namespace Warmup.Cli.Tests;

public class CompareCommandTests
{
    [Fact]
    public void CompareRunsAndOurAdamMatchesTorchSharpsWhileItsRAdamLags()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("compare", "--steps", "60", "--json");
        Assert.True(code == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("optimizer").GetString()!, r => r.GetProperty("final_loss").GetDouble());
        Assert.Equal(6, rows.Count);
        Assert.Equal(rows["TorchSharp Adam"], rows["Warmup Adam"], 1e-4);
        Assert.Equal(rows["TorchSharp AdamW"], rows["Warmup AdamW"], 1e-4);
        Assert.True(rows["TorchSharp RAdam"] > rows["Warmup RAdam"] + 0.05, $"TorchSharp RAdam {rows["TorchSharp RAdam"]}, ours {rows["Warmup RAdam"]}");
    }

    [Fact]
    public void ABadValueIsOneLineOnStderrAndExitCodeTwo()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("compare", "--steps", "0");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warmup: error:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnparsableValueIsAUsageError()
    {
        var (code, _, stderr) = WarmupProcess.Run("compare", "--lr", "fast");
        Assert.Equal(1, code);
        Assert.Contains("fast", stderr, StringComparison.Ordinal);
    }
}
