using System.CommandLine;

namespace Warmup.Cli.Slurm;

/// <summary>The options of <c>sweep --slurm</c>.</summary>
internal sealed class SlurmOptions
{
    private readonly Option<bool> _slurm = new("--slurm") { Description = "Submit the grid as a Slurm job array: task i runs shard i into DIR/shards/<i>.db (DIR must be on a file system the nodes share). Again: submits only unfinished shards." };
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition (default: the cluster's)." };
    private readonly Option<string?> _time = new("--time") { Description = "Time limit per array task, like 2:00:00 (default: the partition's)." };
    private readonly Option<int> _cpus = new("--cpus-per-task") { Description = "CPUs per array task; it trains one run per CPU.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _memory = new("--mem") { Description = "Memory per array task, like 4G (default: the cluster's)." };
    private readonly Option<int?> _maxParallel = new("--max-parallel") { Description = "At most K array tasks at once (default: no limit of ours)." };
    private readonly Option<int?> _shards = new("--shards") { Description = $"Shards (array tasks): default one per run, at most {SlurmRequest.MaxDefaultShards}; a folder's existing shards keep their count." };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Write DIR/slurm/sweep.sbatch without submitting it." };

    /// <summary>Every option.</summary>
    public IReadOnlyList<Option> All => [_slurm, _partition, _time, _cpus, _memory, _maxParallel, _shards, _dryRun];

    public void AddTo(Command command)
    {
        foreach (var o in All)
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The request, or null without --slurm (then any other Slurm option is refused).</summary>
    /// <param name="parse">The parse.</param>
    /// <param name="given">Whether an option was given on the command line.</param>
    public SlurmRequest? Read(ParseResult parse, Func<Option, bool> given)
    {
        if (!parse.GetValue(_slurm))
        {
            var stray = All.Skip(1).Where(given).Select(o => o.Name).ToList();
            return stray.Count > 0 ? throw new ArgumentException($"{string.Join(", ", stray)}: Slurm options, which need --slurm.") : null;
        }

        return new SlurmRequest(
            parse.GetValue(_partition), parse.GetValue(_time), parse.GetValue(_cpus), parse.GetValue(_memory), parse.GetValue(_maxParallel), parse.GetValue(_shards), parse.GetValue(_dryRun));
    }
}
