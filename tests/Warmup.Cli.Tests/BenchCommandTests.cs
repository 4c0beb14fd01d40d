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

        // state_formats: format -> workload -> figures; the state's bytes are measured from the tensors, and what they
        // must be follows from the formats: 16 Mi parameters hold 8 bytes each in float32, 4 in bfloat16, and 2 plus two
        // float32 scales per 2,048 in 8-bit (8,192 blocks).
        var formats = root.GetProperty("state_formats");
        Assert.Equal(["bf16", "int8"], formats.EnumerateObject().Select(p => p.Name).Order());
        foreach (var format in formats.EnumerateObject())
        {
            Assert.Equal(["16M", "model"], format.Value.EnumerateObject().Select(p => p.Name).Order());
            foreach (var workload in format.Value.EnumerateObject())
            {
                Assert.True(workload.Value.GetProperty("ms").GetDouble() > 0);
                Assert.True(workload.Value.GetProperty("speedup_vs_fp32").GetDouble() > 0);
            }
        }

        long n = 16_777_216;
        Assert.Equal(8 * n, formats.GetProperty("bf16").GetProperty("16M").GetProperty("state_bytes_fp32").GetInt64());
        Assert.Equal(4 * n, formats.GetProperty("bf16").GetProperty("16M").GetProperty("state_bytes").GetInt64());
        Assert.Equal((2 * n) + (2 * 4 * (n / 2048)), formats.GetProperty("int8").GetProperty("16M").GetProperty("state_bytes").GetInt64());
    }

    [Fact]
    public void BenchTrainJsonHasEveryWorkloadsThreeLoopsAndSpeedupAndTheBreakdownChangesNoLoss()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "10", "--rounds", "1", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.StartsWith("glibc malloc with fixed thresholds (mmap 32 MiB, trim 256 MiB)", root.GetProperty("malloc").GetString(), StringComparison.Ordinal);
        var workloads = root.GetProperty("workloads").EnumerateArray().ToList();
        Assert.Equal(["mlp-256", "fortunes-bow"], workloads.Select(w => w.GetProperty("workload").GetString()));
        Assert.Contains("fashion-mnist-sample (2,000 training, 1,000 test images)", workloads[0].GetProperty("data").GetString(), StringComparison.Ordinal);

        // The parameter counts worked out by hand: 784-256-256-10 with biases, 785h + (h+1)h + 10(h+1) = 269,322; the
        // bag of n-grams, a 131,072 x 40 table and a 40 -> classes linear layer with biases, classes read from the data note.
        var note = workloads[1].GetProperty("data").GetString()!;
        int classes = int.Parse(System.Text.RegularExpressions.Regex.Match(note, @"in (\d+) classes").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([269_322L, 5_242_880L + (41L * classes)], workloads.Select(w => w.GetProperty("parameters").GetInt64()));
        Assert.Equal([10, 5], workloads.Select(w => w.GetProperty("steps").GetInt32()));
        Assert.Equal(root.GetProperty("speedup").GetDouble(), workloads[0].GetProperty("speedup").GetDouble());
        foreach (var w in workloads)
        {
            var loops = w.GetProperty("loops").EnumerateArray().ToList();
            Assert.Equal(["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"], loops.Select(l => l.GetProperty("loop").GetString()));
            Assert.All(loops, l => Assert.True(l.GetProperty("best_steps_per_second").GetDouble() > 0));
            Assert.True(w.GetProperty("speedup").GetDouble() > 0);
            Assert.Equal(1, w.GetProperty("speed_ratios").GetArrayLength());
            Assert.False(w.TryGetProperty("breakdown", out _));
        }

        // The large MLP, on request only: 784-2048-2048-10 has 5,824,522 parameters (the formula above, h = 2048).
        (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "10", "--rounds", "1", "--workload", "mlp-2048", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var large = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("workloads").EnumerateArray());
        Assert.Equal(("mlp-2048", 5_824_522L, 2), (large.GetProperty("workload").GetString(), large.GetProperty("parameters").GetInt64(), large.GetProperty("steps").GetInt32()));

        // --breakdown (at least 5 rounds) of one workload: the same fields, the same final losses (timing changes
        // nothing the loop computes), and the breakdown object.
        (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "10", "--breakdown", "--workload", "mlp-256", "--data", WarmupProcess.Sample, "--json");
        Assert.True(code == 0, stderr);
        var timed = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("workloads").EnumerateArray());
        Assert.Equal(workloads[0].EnumerateObject().Select(p => p.Name).Append("breakdown").Order(), timed.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(
            workloads[0].GetProperty("loops").EnumerateArray().Select(l => l.GetProperty("final_train_loss").GetDouble()),
            timed.GetProperty("loops").EnumerateArray().Select(l => l.GetProperty("final_train_loss").GetDouble()));
        Assert.Equal(5, timed.GetProperty("loops")[0].GetProperty("seconds").GetArrayLength());
        Assert.Equal(5, timed.GetProperty("speed_ratios").GetArrayLength());
        Assert.InRange(timed.GetProperty("speed_ratio_median").GetDouble(), timed.GetProperty("speed_ratio_min").GetDouble(), timed.GetProperty("speed_ratio_max").GetDouble());

        var breakdown = timed.GetProperty("breakdown");
        Assert.Equal(10, breakdown.GetProperty("isolated_steps").GetInt32());
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

        foreach (var key in new[] { "isolated_step_milliseconds", "step_in_loop_over_isolated", "after_forward_step_milliseconds", "step_in_loop_over_after_forward" })
        {
            Assert.True(phases[0].GetProperty(key).GetDouble() > 0, key);
            Assert.True(phases[1].GetProperty(key).GetDouble() > 0, key);
            Assert.Equal(JsonValueKind.Null, phases[2].GetProperty(key).ValueKind);
        }
    }

    [Fact]
    public void BenchTrainBreakdownPipedPrintsEveryHeaderAndFigureInFull()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("bench", "train", "--steps", "20", "--breakdown", "--data", WarmupProcess.Sample);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.DoesNotContain("…", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("│", stdout, StringComparison.Ordinal); // plain columns, not a box, in a pipe
        foreach (var (model, steps) in new[] { ("MLP 784-256-256-10 (269,322 parameters)", 20), ("fastText-style bag of n-grams, 131072 x 40 table (5,24", 10) })
        {
            Assert.Contains(lines, l => l.StartsWith(model, StringComparison.Ordinal) && l.Contains("steps/s (median)", StringComparison.Ordinal) && l.EndsWith("final train loss", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"ms per step (median of {steps} x 5)", StringComparison.Ordinal) && l.EndsWith("no optimizer step", StringComparison.Ordinal));
        }

        foreach (var row in new[] { "zero_grad", "data (batch selection)", "forward (and loss)", "backward", "optimizer step", "whole step", "optimizer step, isolated", "step in loop / isolated", "optimizer step after a forward", "step in loop / after a forward" })
        {
            Assert.Equal(2, lines.Count(l => l.StartsWith(row + "  ", StringComparison.Ordinal)));
        }

        Assert.Equal(2, lines.Count(l => l.StartsWith("Warmup AdamW ", StringComparison.Ordinal) && l.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6));
        Assert.Equal(2, lines.Count(l => l.StartsWith("Warmup's AdamW: ", StringComparison.Ordinal) && l.Contains(" per round ", StringComparison.Ordinal)));
    }

    [Fact]
    public void BenchTrainBreakdownNeedsFiveRounds()
    {
        var (code, _, stderr) = WarmupProcess.Run("bench", "train", "--steps", "2", "--rounds", "4", "--breakdown", "--data", WarmupProcess.Sample);
        Assert.Equal(2, code);
        Assert.Contains("--rounds with --breakdown must be at least 5 (got 4).", stderr, StringComparison.Ordinal);
    }
}
