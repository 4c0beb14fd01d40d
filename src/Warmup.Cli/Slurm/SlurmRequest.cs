using System.Text.RegularExpressions;

namespace Warmup.Cli.Slurm;

/// <summary>
/// What <c>sweep --slurm</c> asks Slurm for. Every value left null is Slurm's (the partition's) default; the defaults
/// of ours are stated once here.
/// </summary>
/// <param name="Partition">--partition, or the cluster's default partition.</param>
/// <param name="Time">--time (a Slurm time limit per array task, like 2:00:00 or 1-00:00:00), or the partition's limit.</param>
/// <param name="CpusPerTask">--cpus-per-task; each array task trains one run per CPU, one TorchSharp thread each (default 1).</param>
/// <param name="Memory">--mem per array task (like 4G), or the cluster's default.</param>
/// <param name="MaxParallel">At most this many array tasks at once (the array's %K), or no limit of ours.</param>
/// <param name="Shards">Array tasks (shards), or <see cref="DefaultShards"/>.</param>
/// <param name="DryRun">Write the script without submitting it.</param>
internal sealed partial record SlurmRequest(string? Partition, string? Time, int CpusPerTask, string? Memory, int? MaxParallel, int? Shards, bool DryRun)
{
    /// <summary>At most this many shards by default: one per run up to here (many clusters cap arrays at 1000 tasks).</summary>
    public const int MaxDefaultShards = 100;

    /// <summary>The default shard count for a grid of <paramref name="runs"/> runs: one shard per run, at most <see cref="MaxDefaultShards"/>.</summary>
    /// <param name="runs">Runs in the grid.</param>
    public static int DefaultShards(int runs) => Math.Min(runs, MaxDefaultShards);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first value Slurm would refuse or a job script could not hold.</summary>
    public void Validate()
    {
        Token(Partition, "--partition");
        Token(Time, "--time");
        Token(Memory, "--mem");
        if (CpusPerTask < 1)
        {
            throw new ArgumentException($"--cpus-per-task must be at least 1 (got {CpusPerTask}).");
        }

        if (MaxParallel is < 1)
        {
            throw new ArgumentException($"--max-parallel must be at least 1 (got {MaxParallel}).");
        }

        if (Shards is < 1)
        {
            throw new ArgumentException($"--shards must be at least 1 (got {Shards}).");
        }
    }

    // A value for an #SBATCH line: letters, digits and : . - _ + , only (no spaces, quotes or newlines). Anchored with
    // \A and \z: '$' also matches before a final newline, which would let "gpu\n" through onto a line of its own.
    private static void Token(string? value, string option)
    {
        if (value is not null && !SafeToken().IsMatch(value))
        {
            throw new ArgumentException($"{option} '{value}' is not a Slurm value (letters, digits and : . - _ + , only).");
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9:.\-_+,]+\z")]
    private static partial Regex SafeToken();
}
