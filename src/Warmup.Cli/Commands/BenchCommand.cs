using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Warmup.Bench;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup bench</c>: benchmarks with printed figures.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: Warmup against TorchSharp's built-ins, with figures printed.");
        bench.Subcommands.Add(Optimizers());
        bench.Subcommands.Add(Analyses());
        bench.Subcommands.Add(Train());
        return bench;
    }

    private static Command Train()
    {
        var steps = new Option<int>("--steps") { Description = $"Steps per timed run of the small MLP (others take fewer: {string.Join(", ", TrainWorkload.All.Where(w => w.StepsDivisor > 1).Select(w => $"{w.Name} 1/{w.StepsDivisor}"))}).", DefaultValueFactory = _ => 500 };
        var rounds = new Option<int>("--rounds")
        {
            Description = $"Timed runs of each loop, interleaved (the best is compared); at least {TrainBenchmark.MinBreakdownRounds} with --breakdown.",
            DefaultValueFactory = _ => TrainBenchmark.DefaultRounds,
        };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST folder for the MLPs (default: searched, then the shipped sample). fortunes-bow reads the fortunes package, else the .NET SDK's API documentation." };
        var workload = new Option<string[]>("--workload")
        {
            Description = $"Models to time: {string.Join(", ", TrainWorkload.All.Select(w => $"{w.Name} ({w.Model})"))}. Default: {string.Join(" and ", TrainWorkload.Defaults.Select(w => w.Name))}.",
            AllowMultipleArgumentsPerToken = true,
        };
        workload.AcceptOnlyFromAmong([.. TrainWorkload.All.Select(w => w.Name)]);
        var breakdown = new Option<bool>("--breakdown")
        {
            Description = "Also time each step's phases (zero_grad, data, forward, backward, optimizer step, other), and each optimizer's step outside the loop " +
                "on the same parameters, alone and right after forward passes.",
        };
        var defaultMalloc = new Option<bool>("--default-malloc")
        {
            Description = "Keep glibc's adaptive allocation thresholds, under which a step's large blocks may come from fresh pages (up to 40 ms a step here), depending on what ran before; " +
                "by default the benchmark fixes them for every loop alike.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command(
            "train",
            "Steps/s of training loops (a Fashion-MNIST MLP, a fastText-style text classifier) with Warmup's AdamW, TorchSharp's built-in AdamW and no optimizer step, same model, data and seed.")
        {
            steps, rounds, data, workload, breakdown, defaultMalloc, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            bool phases = parse.GetValue(breakdown);
            int count = phases
                ? Require.AtLeast(parse.GetValue(rounds), TrainBenchmark.MinBreakdownRounds, "--rounds with --breakdown")
                : Require.AtLeast(parse.GetValue(rounds), 1, "--rounds");
            var names = parse.GetValue(workload) ?? [];
            var report = TrainBenchmark.Run(
                Require.AtLeast(parse.GetValue(steps), 1, "--steps"),
                count,
                parse.GetValue(data),
                new StatusLine(what => $"timing {what}..."),
                phases,
                names.Length == 0 ? null : TrainWorkload.All.Where(w => names.Contains(w.Name)).ToList(),
                parse.GetValue(defaultMalloc));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json.Options));
                return 0;
            }

            foreach (var w in report.Workloads)
            {
                WriteWorkload(w, report);
            }

            AnsiConsole.MarkupLine(Markup.Escape($"Batch {report.BatchSize}, {report.Threads} TorchSharp threads, {report.Rounds} interleaved rounds, {report.Malloc}. Figures from a busy machine say little: measure on a quiet one."));
            return 0;
        }));
        return command;
    }

    private static void WriteWorkload(TrainWorkloadReport w, TrainBenchmarkReport report)
    {
        var table = new ResultTable(w.Description, "steps/s (best)", "steps/s (median)", "ms/step (best)", "final train loss");
        foreach (var t in w.Loops)
        {
            table.AddRow(t.Loop, $"{t.BestStepsPerSecond:F0}", $"{t.MedianStepsPerSecond:F0}", $"{t.BestMillisecondsPerStep:F2}", t.FinalTrainLoss is double l ? $"{l:F4}" : "diverged");
        }

        table.Write();
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Warmup's AdamW: {w.Speedup:F2}x TorchSharp's steps/s (best runs; per round {w.SpeedRatioMin:F2}x to {w.SpeedRatioMax:F2}x, median {w.SpeedRatioMedian:F2}x, " +
            $"{report.Rounds} rounds of {w.Steps} steps); the optimizer is {100 * w.OptimizerShareOurs:F0} % of our step time and {100 * w.OptimizerShareTorchSharp:F0} % of TorchSharp's. Data: {w.Data}."));
        if (w.Breakdown is { } b)
        {
            WriteBreakdown(b, w.Steps, report.Rounds);
        }

        Console.WriteLine();
    }

    private static void WriteBreakdown(TrainBreakdown b, int steps, int rounds)
    {
        string[] names = ["zero_grad", "data (batch selection)", "forward (and loss)", "backward", "optimizer step", "other (loss read, freeing)"];
        var table = new ResultTable([$"ms per step (median of {steps} x {rounds})", .. b.Loops.Select(l => l.Loop)]);
        for (int i = 0; i < LoopBreakdown.Keys.Count; i++)
        {
            table.AddRow([names[i], .. b.Loops.Select(l => $"{l.MedianMilliseconds[LoopBreakdown.Keys[i]]:F3}")]);
        }

        table.AddRow(["whole step", .. b.Loops.Select(l => $"{l.MedianMilliseconds[LoopBreakdown.Total]:F3}")]);
        table.AddRow(["whole step (mean)", .. b.Loops.Select(l => $"{l.MeanMilliseconds[LoopBreakdown.Total]:F3}")]);
        table.AddRow(["optimizer step, isolated", .. b.Loops.Select(l => Milliseconds(l.IsolatedStepMilliseconds))]);
        table.AddRow(["step in loop / isolated", .. b.Loops.Select(l => Ratio(l.StepInLoopOverIsolated))]);
        table.AddRow(["optimizer step after a forward", .. b.Loops.Select(l => Milliseconds(l.AfterForwardStepMilliseconds))]);
        table.AddRow(["step in loop / after a forward", .. b.Loops.Select(l => Ratio(l.StepInLoopOverAfterForward))]);
        Console.WriteLine();
        table.Write();
        AnsiConsole.MarkupLine(Markup.Escape(
            "Phases timed with Stopwatch timestamps inside the loop; medians over every step of every round (means in --json). " +
            $"Isolated: after each run, the same optimizer steps the same parameters {b.IsolatedSteps} more times with the last gradients, nothing else in between; " +
            $"after a forward: {b.IsolatedSteps} more, each right after an untimed forward pass of the model on a training batch (the cache state a step meets in the loop)."));
    }

    private static string Milliseconds(double? ms) => ms is double x ? $"{x:F3}" : "-";

    private static string Ratio(double? r) => r is double x ? $"{x:F2}x" : "-";

    private static Command Analyses()
    {
        var runs = new Option<int>("--runs") { Description = "Runs of ours on all threads (the best is compared).", DefaultValueFactory = _ => 3 };
        var parameters = new Option<int>("--parameters") { Description = "Simulated parameters.", DefaultValueFactory = _ => 25_000 };
        var iterations = new Option<int>("--iterations") { Description = "Iterations.", DefaultValueFactory = _ => 10_000 };
        var python = new Option<string?>("--python") { Description = "Python interpreter with NumPy (default /usr/bin/python3)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command(
            "analyses",
            "The update-magnitude simulation (Ma & Yarats Fig. 2, 25,000 x 10,000) by Warmup on all threads and on one, against a straightforward NumPy script.")
        {
            runs, parameters, iterations, python, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = AnalysisBenchmark.Run(
                Require.AtLeast(parse.GetValue(parameters), 1, "--parameters"),
                Require.AtLeast(parse.GetValue(iterations), 1, "--iterations"),
                Require.AtLeast(parse.GetValue(runs), 1, "--runs"),
                parse.GetValue(python),
                new StatusLine(what => $"timing {what}..."));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json.Options));
                return 0;
            }

            var table = new ResultTable("implementation", "seconds", "median |update|/lr at t = 40");
            table.AddRow($"Warmup, {report.Threads} threads (best of {report.OursSeconds.Count})", $"{report.OursBestSeconds:F3}", $"{report.OursMedianAt40:F4}");
            table.AddRow("Warmup, 1 thread", $"{report.OursOneThreadSeconds:F3}", string.Empty);
            table.AddRow($"NumPy ({report.NumPyNote})", report.NumPySeconds is double s ? $"{s:F3}" : "not run", report.NumPyMedianAt40 is double m ? $"{m:F4}" : string.Empty);
            table.Write();
            if (report.Speedup is double x)
            {
                AnsiConsole.MarkupLine($"Warmup is {x:F1}x faster than NumPy on {report.Parameters:N0} parameters x {report.Iterations:N0} iterations (different random numbers; the medians agree to sampling noise).");
            }

            return 0;
        }));
        return command;
    }

    private static Command Optimizers()
    {
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds (one triad, one Warmup step, one TorchSharp step) per optimizer and workload.", DefaultValueFactory = _ => 15 };
        var threads = new Option<int?>("--threads") { Description = "Threads for the fused steps (default: all cores)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with speedup and bandwidth_fraction." };
        var roofline = new Option<string?>("--roofline") { Description = "Also save, as PNG, where each state format's step on 16M sits against the memory and compute limits measured in the run." };
        var command = new Command(
            "optimizers",
            "ms/step of Warmup's Adam, AdamW, RAdam and TorchSharp's on one 16M-parameter tensor and on a ~5M-parameter, " +
            "100-tensor model, our memory bandwidth as a fraction of a STREAM triad measured in the same run, and AdamW with bfloat16 and 8-bit state.")
        {
            rounds, threads, json, roofline,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int n = Require.AtLeast(parse.GetValue(threads) ?? Environment.ProcessorCount, 1, "--threads");
            string? figure = parse.GetValue(roofline) is { } r ? OutputPaths.Chart(r, "--roofline") : null;
            var progress = new StatusLine(what => $"timing {what}...");
            var report = OptimizerBenchmark.Run(rounds: Require.AtLeast(parse.GetValue(rounds), 1, "--rounds"), threads: n, progress: progress);
            if (figure is not null)
            {
                Roofline.Save(figure, report);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        report.Speedup,
                        report.BandwidthFraction,
                        report.InPlaceBandwidthFraction,
                        report.NonFiniteGuardCost,
                        report.TriadGigabytesPerSecond,
                        report.Threads,
                        report.Timings,
                        report.StateFormats,
                        Roofline = Roofline.Points(report),
                    },
                    Json.Options));
                return 0;
            }

            var table = new ResultTable("opt", "params", "ours ms", "TS ms", "speedup", "ours GB/s", "triad GB/s", "/triad", "in-place GB/s", "/in-place");
            foreach (var t in report.Timings)
            {
                table.AddRow(
                    t.Optimizer, t.Workload, $"{t.OursMilliseconds:F1}", $"{t.TorchSharpMilliseconds:F1}", $"{t.Speedup:F1}x", $"{t.OursGigabytesPerSecond:F1}",
                    $"{t.TriadGigabytesPerSecond:F1}", $"{t.BandwidthFraction:F2}", $"{t.InPlaceGigabytesPerSecond:F1}", $"{t.InPlaceBandwidthFraction:F2}");
            }

            table.Write();
            var formats = new ResultTable("state", "params", "ms", "fp32 ms", "vs fp32", "TS ms", "vs TS", "bytes/param", "GB/s", "state MB", "fp32 MB", "smaller");
            foreach (var f in report.Formats)
            {
                formats.AddRow(
                    f.Name, f.Workload, $"{f.Milliseconds:F1}", $"{f.Float32Milliseconds:F1}", $"{f.SpeedupVsFloat32:F2}x", $"{f.TorchSharpMilliseconds:F1}", $"{f.SpeedupVsTorchSharp:F1}x",
                    $"{f.BytesPerParameter:0.##}", $"{f.GigabytesPerSecond:F1}", $"{f.StateBytes / 1e6:F1}", $"{f.StateBytesFloat32 / 1e6:F1}", $"{f.StateShrink:F2}x");
            }

            formats.Write();
            var limits = new ResultTable("state", "bytes/param", "measured ms", "compute limit ms", "memory limit ms", "limited by");
            foreach (var p in Roofline.Points(report))
            {
                limits.AddRow(p.Format, $"{p.BytesPerParameter:0.##}", $"{p.Milliseconds:F1}", $"{p.ComputeMilliseconds:F1}", $"{p.MemoryMilliseconds:F1}", p.Limit);
            }

            limits.Write();
            AnsiConsole.MarkupLine(
                $"On 16M: the compute limit is the format's step on {StateFormatBenchmark.CachedElements:N0} parameters (in cache) scaled up; the memory limit, its bytes at the best in-place stream rate of the run." +
                (figure is null ? string.Empty : $" Figure: {figure}"));
            AnsiConsole.MarkupLine(
                "AdamW with its moments stored in bfloat16 or 8-bit blocks (StateFormat), timed in the same rounds as AdamW with float32 state (fp32) and TorchSharp's AdamW (TS). " +
                "bytes/param: moved per step (p and g in float32, m and v in the format); state MB: allocated, summed over the state's tensors.");
            AnsiConsole.MarkupLine(
                "Non-finite guard (SkipNonFiniteSteps = true), median ms and cost over the plain step: " +
                string.Join("; ", report.Timings.Select(t => $"{t.Optimizer} {t.Workload} {t.GuardedMilliseconds:F1} ms ({100 * t.GuardCost:+0;-0;+0} %)")) + ".");
            AnsiConsole.MarkupLine(
                "Statistics for stateful rules (dynamic warmup and update clipping on every tensor: the pass also sums g^2 / v_hat), median ms and cost over the plain step: " +
                string.Join("; ", report.Timings.Select(t => $"{t.Optimizer} {t.Workload} {t.ReducingMilliseconds:F1} ms ({100 * t.ReductionCost:+0;-0;+0} %)")) + ".");
            AnsiConsole.MarkupLine(
                "Current-step statistics (StableAdamW's update clipping as published: a read-only pass over p, g, m, v before the step), median ms and cost over the plain step: " +
                string.Join("; ", report.Timings.Select(t => $"{t.Optimizer} {t.Workload} {t.PreviewingMilliseconds:F1} ms ({100 * t.PreviewCost:+0;-0;+0} %)")) + ".");
            AnsiConsole.MarkupLine(
                $"{report.Threads} threads. ours = Warmup, TS = TorchSharp. ms: medians; speedup: TS median / ours median. GB/s: bests; ours counts 7 x 4 bytes per " +
                "parameter (read p, g, m, v; write p, m, v); the triad (a = b + s c, non-temporal stores) and the in-place a += s b " +
                "count 3 x 4 (STREAM); all timed interleaved with the steps.");
            return 0;
        }));
        return command;
    }
}
