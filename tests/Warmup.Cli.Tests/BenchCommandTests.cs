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
    public void BenchTrainJsonHasTheThreeLoopsAndTheSpeedupAndTheBreakdownChangesNoLoss()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "5", "--rounds", "1", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var loops = root.GetProperty("loops").EnumerateArray().ToList();
        Assert.Equal(["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"], loops.Select(l => l.GetProperty("loop").GetString()));
        Assert.All(loops, l => Assert.True(l.GetProperty("best_steps_per_second").GetDouble() > 0));
        Assert.True(root.GetProperty("speedup").GetDouble() > 0);
        Assert.Contains("fashion-mnist-sample (2,000 training, 1,000 test images)", root.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.False(root.TryGetProperty("breakdown", out _));

        // --breakdown (at least 5 rounds): the same top-level fields, the same final losses (timing changes nothing the
        // loop computes), and the breakdown object.
        (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "5", "--breakdown", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var timed = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(root.EnumerateObject().Select(p => p.Name).Append("breakdown").Order(), timed.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(
            loops.Select(l => l.GetProperty("final_train_loss").GetDouble()),
            timed.GetProperty("loops").EnumerateArray().Select(l => l.GetProperty("final_train_loss").GetDouble()));
        Assert.Equal(5, timed.GetProperty("loops")[0].GetProperty("seconds").GetArrayLength());

        var breakdown = timed.GetProperty("breakdown");
        Assert.Equal(5, breakdown.GetProperty("rounds").GetInt32());
        Assert.Equal(5, breakdown.GetProperty("speed_ratios").GetArrayLength());
        Assert.InRange(breakdown.GetProperty("speed_ratio_median").GetDouble(), breakdown.GetProperty("speed_ratio_min").GetDouble(), breakdown.GetProperty("speed_ratio_max").GetDouble());
        var phases = breakdown.GetProperty("loops").EnumerateArray().ToList();
        Assert.Equal(["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"], phases.Select(l => l.GetProperty("loop").GetString()));
        foreach (var l in phases)
        {
            foreach (var kind in new[] { "median_milliseconds", "mean_milliseconds" })
            {
                var ms = l.GetProperty(kind).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
                Assert.Equal(["zero_grad", "data", "forward", "backward", "step", "other", "total"], ms.Keys);
                Assert.All(ms.Values, v => Assert.True(v >= 0 && double.IsFinite(v)));
            }
        }

        Assert.True(phases[0].GetProperty("isolated_step_milliseconds").GetDouble() > 0);
        Assert.True(phases[0].GetProperty("step_in_loop_over_isolated").GetDouble() > 0);
        Assert.True(phases[1].GetProperty("isolated_step_milliseconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, phases[2].GetProperty("isolated_step_milliseconds").ValueKind);
    }

    [Fact]
    public void BenchTrainBreakdownPipedPrintsEveryHeaderAndFigureInFull()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "2", "--breakdown", "--data", WarmupProcess.Sample);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.DoesNotContain("…", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("│", stdout, StringComparison.Ordinal); // plain columns, not a box, in a pipe
        Assert.Contains(lines, l => l.StartsWith("loop ", StringComparison.Ordinal) && l.Contains("steps/s (median)", StringComparison.Ordinal) && l.EndsWith("final train loss", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ms per step (median of 2 x 5)", StringComparison.Ordinal) && l.EndsWith("no optimizer step", StringComparison.Ordinal));
        foreach (var row in new[] { "zero_grad", "data (batch selection)", "forward (and loss)", "backward", "optimizer step", "whole step", "optimizer step, isolated", "step in loop / isolated" })
        {
            Assert.Contains(lines, l => l.StartsWith(row + "  ", StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.StartsWith("Warmup AdamW ", StringComparison.Ordinal) && l.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6);
        Assert.Contains("Warmup/TorchSharp steps/s per round: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchTrainBreakdownNeedsFiveRounds()
    {
        var (code, _, stderr) = WarmupProcess.Run("bench", "train", "--steps", "2", "--rounds", "4", "--breakdown", "--data", WarmupProcess.Sample);
        Assert.Equal(2, code);
        Assert.Contains("--rounds with --breakdown must be at least 5 (got 4).", stderr, StringComparison.Ordinal);
    }
}
