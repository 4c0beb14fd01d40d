using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Warmup.Cli.Demos;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup compare</c>: Warmup's optimizers against TorchSharp's built-ins on a small real problem.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Full-batch training steps.", DefaultValueFactory = _ => 400 };
        var lr = new Option<double>("--lr") { Description = "Learning rate of every optimizer.", DefaultValueFactory = _ => 1e-2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data and the initial weights.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command(
            "compare",
            "Train a small MLP on three spirals with Warmup's Adam, AdamW and RAdam and TorchSharp's built-ins, from the same start.")
        {
            steps, lr, seed, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            bool asJson = parse.GetValue(json);
            var progress = new StatusLine(name => $"training with {name}...");
            var rows = SpiralComparison.Run(
                Require.AtLeast(parse.GetValue(steps), 1, "--steps"), Require.Positive(parse.GetValue(lr), "--lr"), parse.GetValue(seed), asJson ? null : progress);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, Json.Options));
                return 0;
            }

            var table = new ResultTable("optimizer", "final loss", "accuracy", "ms/step");
            foreach (var r in rows)
            {
                table.AddRow(r.Optimizer, $"{r.FinalLoss:F4}", $"{r.Accuracy:P1}", $"{r.MillisecondsPerStep:F2}");
            }

            table.Write();
            AnsiConsole.MarkupLine("[grey]TorchSharp 0.107's RAdam multiplies the rectified step by lr twice, so it barely moves once rectification starts (step 6).[/]");
            return 0;
        }));
        return command;
    }
}
