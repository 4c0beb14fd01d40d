using System.CommandLine;
using System.Globalization;
using Warmup.Cli.Slurm;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Commands;

/// <summary>
/// <c>warmup sweep</c>: a grid of runs into a SQLite database that resumes; or one shard of it (<c>--shard</c>); or the
/// grid as a Slurm job array of shards (<c>--slurm</c>); or the state of such a sweep (<c>--status</c>).
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var options = new TrainingOptions(taskRequired: false);
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods: {string.Join(", ", MethodSpec.Syntax)}." };
        var lrs = new Option<string>("--lrs") { Description = "Comma-separated learning rates." };
        var beta2s = new Option<string>("--beta2s") { Description = "Comma-separated beta2 values.", DefaultValueFactory = _ => "0.999" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds.", DefaultValueFactory = _ => "1,2,3" };
        var output = new Option<string>("--out") { Description = "Folder of the sweep (its database is DIR/sweep.db; shards go to DIR/shards/<i>.db)." };
        var jobs = new Option<int?>("--jobs") { Description = TrainingOptions.JobsDescription };
        var shard = new Option<string>("--shard") { Description = "Run only shard i of N (i/N, from 0: every N-th run of the grid) into DIR/shards/<i>.db; runs finished in any database of DIR are skipped. What each Slurm array task runs; works by hand too." };
        var status = new Option<string>("--status") { Description = "Print the state of the sweep in DIR and train nothing: with shards, finished / total runs per shard and which array tasks failed; without, its finished runs by task and method and when the last one finished.", HelpName = "DIR" };
        var slurm = new SlurmOptions();
        var command = new Command(
            "sweep",
            "Train the grid methods x learning rates x beta2 x seeds into DIR/sweep.db (SQLite). Re-running skips finished runs; a killed sweep loses only the runs in flight. " +
            "With --slurm, submit it as a Slurm job array of shards instead.")
        {
            methods, lrs, beta2s, seeds, output, jobs, shard, status,
        };
        options.AddTo(command);
        slurm.AddTo(command);
        Option[] grid = [methods, lrs, beta2s, seeds, .. options.All];
        command.SetAction(parse => CommandRunner.Run(() => "no run was trained", cancel =>
        {
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            if (parse.GetValue(status) is { } statusDir)
            {
                var others = grid.Concat([output, jobs, shard]).Concat(slurm.All).Where(Given).Select(o => o.Name).ToList();
                return others.Count > 0 ? throw new ArgumentException($"--status prints the state of a sweep folder and takes no other option (got {string.Join(", ", others)}).") : Status(statusDir);
            }

            var spec = new SweepSpec(
                options.Read(parse),
                List(parse.GetValue(methods), "--methods", MethodSpec.Parse),
                List(parse.GetValue(lrs), "--lrs", Number),
                List(parse.GetValue(beta2s), "--beta2s", Number),
                List(parse.GetValue(seeds), "--seeds", s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"--seeds: '{s}' is not an integer.")));
            string dir = parse.GetValue(output) ?? throw new ArgumentException("--out is required: the sweep's folder.");
            var request = slurm.Read(parse, Given);
            if (request is not null)
            {
                if (Given(jobs) || Given(shard))
                {
                    throw new ArgumentException(
                        $"--slurm decides how the sweep runs, so {(Given(jobs) ? "--jobs" : "--shard")} has no place beside it: every array task runs one shard, one run per CPU it gets " +
                        "(--cpus-per-task), and --max-parallel limits the tasks at once. Drop it, or drop --slurm to sweep on this machine.");
                }

                SlurmSubmitter.Submit(spec, new SweepFolder(dir), request, [.. grid.Where(Given).SelectMany(o => Words(parse, o))], Console.Out);
                return 0;
            }

            string? board = options.TensorBoard(parse);
            string viewing = board is null ? "" : $" TensorBoard: `tensorboard --logdir {board}`.";
            var given = parse.GetValue(shard) is { } shardText ? SweepShard.Parse(shardText) : (SweepShard?)null;
            using var lines = new SweepWatch([.. given is { } one ? one.Take(spec.Runs()) : spec.Runs()], board);
            if (given is { } part)
            {
                int cpus = int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), NumberStyles.None, CultureInfo.InvariantCulture, out int c) && c > 0 ? c : Environment.ProcessorCount;
                int shardJobs = parse.GetValue(jobs) is int asked ? Require.AtLeast(asked, 1, "--jobs") : cpus; // one run per CPU the task has
                var folder = new SweepFolder(dir);
                int done = SweepRunner.RunShard(spec, folder, part, shardJobs, cpus, lines, cancel);
                Console.WriteLine($"{done} runs trained; shard {part} database {folder.ShardDatabase(part.Index)}. `warmup sweep --status {dir}` shows every shard.{viewing}");
                return 0;
            }

            int trained = SweepRunner.Run(spec, Path.Combine(dir, SweepDatabase.FileName), Require.AtLeast(parse.GetValue(jobs) ?? TrainingOptions.DefaultJobs, 1, "--jobs"), lines, cancel);
            Console.WriteLine($"{trained} runs trained; database {Path.Combine(dir, SweepDatabase.FileName)}. `warmup report {dir}` writes the report.{viewing}");
            return 0;
        }));
        return command;
    }

    private static int Status(string dir)
    {
        var folder = new SweepFolder(dir);
        if (folder.Layout() is { } layout)
        {
            ShardStatus.Print(Console.Out, folder, layout);
        }
        else if (File.Exists(folder.Database))
        {
            PlainSweepStatus.Print(Console.Out, folder);
        }
        else
        {
            throw new FileNotFoundException(
                $"{dir} holds no sweep: no {SweepDatabase.FileName} and no shards ({folder.LayoutFile}); `warmup sweep --out {dir} ...` starts one.");
        }

        return 0;
    }

    // The option as given on the command line: its name, then its values (none for a flag).
    private static IEnumerable<string> Words(ParseResult parse, Option option) =>
        [option.Name, .. parse.GetResult(option)!.Tokens.Select(t => t.Value)];

    private static List<T> List<T>(string? text, string option, Func<string, T> parse)
    {
        var items = (text ?? throw new ArgumentException($"{option} is required.")).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
        return items.Count > 0 ? items : throw new ArgumentException($"{option} needs at least one value.");
    }

    private static double Number(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"'{s}' is not a number.");
}
