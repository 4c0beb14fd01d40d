using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// AdamW with bfloat16 and 8-bit blockwise state against AdamW with float32 state and TorchSharp's AdamW, interleaved
/// round by round so each ratio compares the same time window (see <see cref="OptimizerBenchmark"/>).
/// </summary>
public static class StateFormatBenchmark
{
    /// <summary>The formats timed against float32 state.</summary>
    public static IReadOnlyList<StateFormat> Formats { get; } = [StateFormat.BFloat16, StateFormat.Int8Blockwise];

    /// <summary>The elements of the in-cache timing: 1 MiB of float32 per tensor, a few MiB in all, in the last-level cache.</summary>
    public const int CachedElements = 262_144;

    /// <summary>Times every format on <paramref name="workload"/>.</summary>
    public static IReadOnlyList<StateFormatTiming> Measure(Workload workload, int rounds, int threads)
    {
        using var fullParams = new ParameterSet(workload, 1234);
        using var theirsParams = new ParameterSet(workload, 1234);
        using var full = OptimizerBenchmark.Ours("adamw", fullParams.Parameters, threads);
        using var theirs = OptimizerBenchmark.TorchSharpBuiltIn("adamw", theirsParams.Parameters);
        var sets = Formats.Select(_ => new ParameterSet(workload, 1234)).ToList();
        var lows = Formats.Select((f, i) => OptimizerBenchmark.Ours("adamw", sets[i].Parameters, threads, format: f)).ToList();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                full.step();
                theirs.step();
                lows.ForEach(o => o.step());
            }

            var fullMs = new double[rounds];
            var theirsMs = new double[rounds];
            var lowMs = Formats.Select(_ => new double[rounds]).ToList();
            for (int r = 0; r < rounds; r++)
            {
                fullMs[r] = OptimizerBenchmark.Milliseconds(full);
                for (int i = 0; i < lows.Count; i++)
                {
                    lowMs[i][r] = OptimizerBenchmark.Milliseconds(lows[i]);
                }

                theirsMs[r] = OptimizerBenchmark.Milliseconds(theirs);
            }

            long fullBytes = StateBytes(full, fullParams.Parameters);
            double scale = (double)workload.Elements / CachedElements;
            double fullCompute = Cached(StateFormat.Float32, threads) * scale;
            return Formats.Select((f, i) => new StateFormatTiming(
                f,
                workload.Name,
                workload.Elements,
                OptimizerBenchmark.Median(lowMs[i]),
                lowMs[i].Min(),
                OptimizerBenchmark.Median(fullMs),
                OptimizerBenchmark.Median(theirsMs),
                StateBytes(lows[i], sets[i].Parameters),
                fullBytes,
                Cached(f, threads) * scale,
                fullCompute)).ToList();
        }
        finally
        {
            lows.ForEach(o => o.Dispose());
            sets.ForEach(s => s.Dispose());
        }
    }

    // The median of 101 steps of AdamW in this format on one tensor of CachedElements, after 20 untimed: the compute cost
    // of a step when main memory is not crossed.
    private static double Cached(StateFormat format, int threads)
    {
        using var set = new ParameterSet(new Workload("cached", [[CachedElements]]), 99);
        using var o = OptimizerBenchmark.Ours("adamw", set.Parameters, threads, format: format);
        for (int i = 0; i < 20; i++)
        {
            o.step();
        }

        var ms = new double[101];
        for (int i = 0; i < ms.Length; i++)
        {
            ms[i] = OptimizerBenchmark.Milliseconds(o);
        }

        return OptimizerBenchmark.Median(ms);
    }

    // What the state's tensors hold, read from each tensor (element count x element size), not from the format's formula.
    private static long StateBytes(AdaptiveOptimizer optimizer, IEnumerable<TorchSharp.Modules.Parameter> parameters) =>
        parameters.Select(optimizer.StateOf).Sum(s => new[] { s.ExpAvg, s.ExpAvgSq, s.ExpAvgScales, s.ExpAvgSqScales, s.MaxExpAvgSq }.Sum(Bytes));

    private static long Bytes(Tensor? t) => t is null ? 0 : t.numel() * t.element_size();
}
