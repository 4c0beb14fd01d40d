using System.Text.Json;

namespace Warmup.Cli.Tests;

/// <summary>The benchmark's JSON contract (not its speed: speed is shown by the benchmark, never asserted).</summary>
public class BenchCommandTests
{
    [Fact]
    public void BenchOptimizersJsonHasSpeedupAndBandwidthFractionPerOptimizer()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "optimizers", "--rounds", "1", "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        foreach (var key in new[] { "speedup", "bandwidth_fraction", "in_place_bandwidth_fraction" })
        {
            var entries = root.GetProperty(key).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(["adam", "adamw", "radam"], entries.Keys.Order());
            Assert.All(entries.Values, v => Assert.True(v > 0 && double.IsFinite(v)));
        }

        Assert.Equal(6, root.GetProperty("timings").GetArrayLength());
    }

    [Fact]
    public void BenchTrainJsonHasTheThreeLoopsAndTheSpeedup()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "5", "--rounds", "1", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var loops = root.GetProperty("loops").EnumerateArray().ToList();
        Assert.Equal(["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"], loops.Select(l => l.GetProperty("loop").GetString()));
        Assert.All(loops, l => Assert.True(l.GetProperty("best_steps_per_second").GetDouble() > 0));
        Assert.True(root.GetProperty("speedup").GetDouble() > 0);
        Assert.Contains("fashion-mnist-sample (2,000 training, 1,000 test images)", root.GetProperty("data").GetString(), StringComparison.Ordinal);
    }
}
