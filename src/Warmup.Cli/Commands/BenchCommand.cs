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
        return bench;
    }

    private static Command Optimizers()
    {
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds (one triad, one Warmup step, one TorchSharp step) per optimizer and workload.", DefaultValueFactory = _ => 15 };
        var threads = new Option<int>("--threads") { Description = "Threads for the fused steps (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with speedup and bandwidth_fraction." };
        var command = new Command(
            "optimizers",
            "ms/step of Warmup's Adam, AdamW, RAdam and TorchSharp's on one 16M-parameter tensor and on a ~5M-parameter, " +
            "100-tensor model, and our memory bandwidth as a fraction of a STREAM triad measured in the same run.")
        {
            rounds, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int n = Require.AtLeast(parse.GetValue(threads), 1, "--threads");
            var progress = new StatusLine(what => $"timing {what}...");
            var report = OptimizerBenchmark.Run(rounds: Require.AtLeast(parse.GetValue(rounds), 1, "--rounds"), threads: n, progress: progress);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        report.Speedup,
                        report.BandwidthFraction,
                        report.InPlaceBandwidthFraction,
                        report.TriadGigabytesPerSecond,
                        report.Threads,
                        report.Timings,
                    },
                    Json.Options));
                return 0;
            }

            var table = new Table().AddColumns("opt", "params", "ours ms", "TS ms", "speedup", "ours GB/s", "triad", "/triad", "in-place", "/in-pl");
            foreach (var t in report.Timings)
            {
                table.AddRow(
                    t.Optimizer, t.Workload, $"{t.OursMilliseconds:F1}", $"{t.TorchSharpMilliseconds:F1}", $"{t.Speedup:F1}x", $"{t.OursGigabytesPerSecond:F1}",
                    $"{t.TriadGigabytesPerSecond:F1}", $"{t.BandwidthFraction:F2}", $"{t.InPlaceGigabytesPerSecond:F1}", $"{t.InPlaceBandwidthFraction:F2}");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(
                $"{report.Threads} threads. ours = Warmup, TS = TorchSharp. ms: medians; speedup: TS median / ours median. GB/s: bests; ours counts 7 x 4 bytes per " +
                "parameter (read p, g, m, v; write p, m, v); the triad (a = b + s c, non-temporal stores) and the in-place a += s b " +
                "count 3 x 4 (STREAM); all timed interleaved with the steps.");
            return 0;
        }));
        return command;
    }
}
