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
}
