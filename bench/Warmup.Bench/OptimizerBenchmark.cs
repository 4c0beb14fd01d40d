using System.Diagnostics;
using TorchSharp.Modules;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// Times one optimizer step of Warmup's fused Adam, AdamW and RAdam against TorchSharp's built-ins on equal
/// parameters and gradients, and sets our achieved memory bandwidth against a STREAM triad.
/// </summary>
/// <remarks>
/// Shared virtual machines have noisy memory bandwidth (seen here: the triad alone varies from 27 to 41 GB/s between
/// runs), so they are timed interleaved, one triad, one in-place a += s * b, one of our steps and one TorchSharp step
/// per round, after a second of warm-up load, and each ratio compares figures from the same window: speedup from
/// medians, bandwidth fractions from bests (the STREAM convention). The in-place pattern is the fairer ceiling for
/// an optimizer, whose written lines were all just read: on this machine it beats the triad.
/// </remarks>
public static class OptimizerBenchmark
{
    /// <summary>The optimizers compared.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["adam", "adamw", "radam"];

    /// <summary>Runs every optimizer on every workload.</summary>
    /// <param name="workloads">What to time (default: <see cref="Workload.Large"/> and <see cref="Workload.ModelLike"/>).</param>
    /// <param name="rounds">Timed rounds per optimizer and workload.</param>
    /// <param name="threads">Threads for the fused steps and the triad.</param>
    /// <param name="progress">Receives a line before each measurement.</param>
    public static OptimizerBenchmarkReport Run(IReadOnlyList<Workload>? workloads = null, int rounds = 15, int threads = 0, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        workloads ??= [Workload.Large, Workload.ModelLike];
        threads = threads <= 0 ? Environment.ProcessorCount : threads;
        using var stream = new StreamBandwidth(Workload.Large.Elements);

        // Load the machine for a second first: the first measurement of a run was consistently the slowest
        // (seen here: 16-18 ms for a step that later takes 8-12 ms), whichever optimizer came first.
        progress?.Report("warm-up (1 s of streaming)");
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 1)
        {
            stream.RunOnce(StreamPattern.Triad, threads);
            stream.RunOnce(StreamPattern.InPlaceAxpy, threads);
        }

        var timings = new List<OptimizerTiming>();
        foreach (var workload in workloads)
        {
            foreach (var name in Optimizers)
            {
                progress?.Report($"{name} on {workload.Name} ({workload.Elements:N0} parameters in {workload.Shapes.Count} tensors)");
                timings.Add(Measure(name, workload, stream, rounds, threads));
            }
        }

        var formats = new List<StateFormatTiming>();
        foreach (var workload in workloads)
        {
            progress?.Report($"adamw with bf16 and 8-bit state on {workload.Name}");
            formats.AddRange(StateFormatBenchmark.Measure(workload, rounds, threads));
        }

        return new OptimizerBenchmarkReport(threads, timings, formats);
    }

    private static OptimizerTiming Measure(string name, Workload workload, StreamBandwidth stream, int rounds, int threads)
    {
        using var oursParams = new ParameterSet(workload, 1234);
        using var guardedParams = new ParameterSet(workload, 1234);
        using var reducingParams = new ParameterSet(workload, 1234);
        using var previewingParams = new ParameterSet(workload, 1234);
        using var theirsParams = new ParameterSet(workload, 1234);
        using var ours = Ours(name, oursParams.Parameters, threads);
        using var guarded = Ours(name, guardedParams.Parameters, threads);
        guarded.SkipNonFiniteSteps = true;
        using var reducing = Ours(name, reducingParams.Parameters, threads, [Core.Updates.Rules.DynamicWarmup.Default, Core.Updates.Rules.ClipUpdateByGradientRatio.Instance]);
        using var previewing = Ours(name, previewingParams.Parameters, threads, [Core.Updates.Rules.StableUpdateClipping.Instance]);
        using var theirs = TorchSharpBuiltIn(name, theirsParams.Parameters);

        // Six untimed steps each, so RAdam is past its momentum phase in both versions, and code is warm.
        for (int i = 0; i < 6; i++)
        {
            ours.step();
            guarded.step();
            reducing.step();
            previewing.step();
            theirs.step();
        }

        var triadSeconds = new double[rounds];
        var inPlaceSeconds = new double[rounds];
        var oursMs = new double[rounds];
        var theirsMs = new double[rounds];
        var guardedMs = new double[rounds];
        var reducingMs = new double[rounds];
        var previewingMs = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            triadSeconds[r] = stream.RunOnce(StreamPattern.Triad, threads);
            inPlaceSeconds[r] = stream.RunOnce(StreamPattern.InPlaceAxpy, threads);
            oursMs[r] = Milliseconds(ours);
            guardedMs[r] = Milliseconds(guarded);
            reducingMs[r] = Milliseconds(reducing);
            previewingMs[r] = Milliseconds(previewing);
            theirsMs[r] = Milliseconds(theirs);
        }

        double oursBest = oursMs.Min();
        return new OptimizerTiming(
            name,
            workload.Name,
            workload.Elements,
            Median(oursMs),
            Median(theirsMs),
            oursBest,
            theirsMs.Min(),
            7.0 * sizeof(float) * workload.Elements / (oursBest / 1e3) / 1e9,
            stream.Bytes / triadSeconds.Min() / 1e9,
            stream.Bytes / inPlaceSeconds.Min() / 1e9,
            Median(guardedMs),
            Median(reducingMs),
            Median(previewingMs));
    }

    internal static double Milliseconds(optim.Optimizer optimizer)
    {
        long start = Stopwatch.GetTimestamp();
        optimizer.step();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    internal static double Median(double[] xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static AdaptiveOptimizer Ours(string name, IEnumerable<Parameter> ps, int threads, Core.Updates.IStepRule[]? rules = null, Core.Updates.StateFormat format = Core.Updates.StateFormat.Float32)
    {
        // RAdam with a rule that reads the current step: allowed, the rule is not a warmup.
        AdaptiveOptimizer o = name switch
        {
            "adam" => new Warmup.Torch.Optim.Adam(ps, new Warmup.Torch.Optim.AdamOptions { Rules = rules, StateFormat = format }),
            "adamw" => new Warmup.Torch.Optim.AdamW(ps, new Warmup.Torch.Optim.AdamOptions { Rules = rules, StateFormat = format }),
            _ => new Warmup.Torch.Optim.RAdam(ps, new Warmup.Torch.Optim.RAdamOptions { Rules = rules, StateFormat = format }),
        };
        o.MaxThreads = threads;
        return o;
    }

    internal static optim.Optimizer TorchSharpBuiltIn(string name, IEnumerable<Parameter> ps) => name switch
    {
        "adam" => optim.Adam(ps),
        "adamw" => optim.AdamW(ps, weight_decay: 0.01),
        _ => optim.RAdam(ps),
    };
}
