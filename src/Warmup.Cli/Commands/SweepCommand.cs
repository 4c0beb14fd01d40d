using System.CommandLine;
using System.Globalization;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup sweep</c>: a grid of runs into a SQLite database that resumes.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var options = new TrainingOptions();
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods: {string.Join(", ", MethodSpec.Syntax)}.", Required = true };
        var lrs = new Option<string>("--lrs") { Description = "Comma-separated learning rates.", Required = true };
        var beta2s = new Option<string>("--beta2s") { Description = "Comma-separated beta2 values.", DefaultValueFactory = _ => "0.999" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds.", DefaultValueFactory = _ => "1,2,3" };
        var output = new Option<string>("--out") { Description = "Folder of the sweep (its database is DIR/sweep.db).", Required = true };
        var jobs = new Option<int>("--jobs") { Description = TrainingOptions.JobsDescription, DefaultValueFactory = _ => TrainingOptions.DefaultJobs };
        var command = new Command(
            "sweep",
            "Train the grid methods x learning rates x beta2 x seeds into DIR/sweep.db (SQLite). Re-running skips finished runs; a killed sweep loses only the runs in flight.")
        {
            methods, lrs, beta2s, seeds, output, jobs,
        };
        options.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var spec = new SweepSpec(
                options.Read(parse),
                List(parse.GetValue(methods)!, "--methods", MethodSpec.Parse),
                List(parse.GetValue(lrs)!, "--lrs", Number),
                List(parse.GetValue(beta2s)!, "--beta2s", Number),
                List(parse.GetValue(seeds)!, "--seeds", s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"--seeds: '{s}' is not an integer.")));
            string dir = parse.GetValue(output)!;
            using var cancel = CommandRunner.CancelOnCtrlC();
            var lines = new StatusLine(line => line);
            int trained = SweepRunner.Run(spec, Path.Combine(dir, SweepDatabase.FileName), Require.AtLeast(parse.GetValue(jobs), 1, "--jobs"), new SweepLine(lines), cancel.Token);
            Console.WriteLine($"{trained} runs trained; database {Path.Combine(dir, SweepDatabase.FileName)}. `warmup report {dir}` writes the report.");
            return 0;
        }));
        return command;
    }

    private static List<T> List<T>(string text, string option, Func<string, T> parse)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
        return items.Count > 0 ? items : throw new ArgumentException($"{option} needs at least one value.");
    }

    private static double Number(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"'{s}' is not a number.");
}
