using System.Globalization;
using System.Text;
using Warmup.Experiments.Shards;

namespace Warmup.Cli.Slurm;

/// <summary>The job script of a sharded sweep: one array task per shard, each running <c>warmup sweep ... --shard $SLURM_ARRAY_TASK_ID/N</c>.</summary>
internal static class SbatchScript
{
    /// <summary>The script's file name in <c>DIR/slurm/</c>.</summary>
    public const string FileName = "sweep.sbatch";

    /// <summary>The job script.</summary>
    /// <param name="folder">The sweep folder (absolute paths are written: the tasks may start anywhere).</param>
    /// <param name="layout">The grid's shards.</param>
    /// <param name="shards">The shards to run (array indices).</param>
    /// <param name="request">What to ask Slurm for.</param>
    /// <param name="command">The warmup program and the grid's arguments, without --out and --shard.</param>
    /// <param name="workingDirectory">Where relative paths of the grid's arguments (--data, --text) are resolved.</param>
    public static string Render(SweepFolder folder, ShardLayout layout, IReadOnlyList<int> shards, SlurmRequest request, IReadOnlyList<string> command, string workingDirectory)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(c, $"# Written by `warmup sweep --slurm`: grid {layout.ShortFingerprint}, {layout.Runs.Count} runs in {layout.Count} shards; array task i runs shard i into {folder.ShardsFolder}/i.db.\n");
        s.Append("# Submitting the same `warmup sweep --slurm` command again submits only the shards with unfinished runs.\n");
        s.Append("#SBATCH --job-name=warmup-sweep\n");
        s.Append(c, $"#SBATCH --array={ArraySpec(shards, request.MaxParallel)}\n");
        s.Append(c, $"#SBATCH --output={folder.SlurmFolder}/shard-%a.job-%A.log\n");
        s.Append(c, $"#SBATCH --chdir={workingDirectory}\n");
        s.Append(c, $"#SBATCH --cpus-per-task={request.CpusPerTask}\n");
        Line(s, "--partition", request.Partition);
        Line(s, "--time", request.Time);
        Line(s, "--mem", request.Memory);
        s.Append("set -eu\n");
        s.Append("exec ");
        foreach (var word in command.Concat(["--out", folder.Path]))
        {
            s.Append(Quote(word)).Append(' ');
        }

        s.Append(c, $"--shard \"${{SLURM_ARRAY_TASK_ID}}/{layout.Count}\"\n");
        return s.ToString();
    }

    /// <summary>Slurm's --array value: ranges of consecutive indices (<c>0-3,7</c>), then <c>%K</c> when limited.</summary>
    /// <param name="indices">The array indices.</param>
    /// <param name="maxParallel">At most this many at once, or null.</param>
    public static string ArraySpec(IEnumerable<int> indices, int? maxParallel)
    {
        var sorted = indices.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("An array needs at least one index.", nameof(indices));
        }

        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts) + (maxParallel is int k ? string.Create(CultureInfo.InvariantCulture, $"%{k}") : string.Empty);
    }

    /// <summary>A word for bash, single-quoted unless it is plain.</summary>
    /// <param name="word">The word.</param>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "/._-+=:,@%".Contains(ch, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Line(StringBuilder s, string option, string? value)
    {
        if (value is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH {option}={value}\n");
        }
    }
}
