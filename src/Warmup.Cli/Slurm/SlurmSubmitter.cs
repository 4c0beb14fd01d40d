using Warmup.Experiments.Data;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Slurm;

/// <summary>
/// <c>sweep --slurm</c>: records the grid's shards in the folder, writes the job array script for the shards that still
/// have unfinished runs and are not queued or running, and submits it.
/// </summary>
internal static class SlurmSubmitter
{
    /// <summary>Plans and (unless a dry run) submits the sweep; every check runs before anything is written.</summary>
    /// <param name="spec">The grid.</param>
    /// <param name="folder">The sweep folder (on a file system the compute nodes share).</param>
    /// <param name="request">What to ask Slurm for.</param>
    /// <param name="gridArguments">The <c>sweep</c> arguments that describe the grid (no --out, --jobs, --shard or Slurm options).</param>
    /// <param name="output">Where to say what was done.</param>
    public static void Submit(SweepSpec spec, SweepFolder folder, SlurmRequest request, IReadOnlyList<string> gridArguments, TextWriter output)
    {
        request.Validate();
        if (!request.DryRun)
        {
            SlurmClient.RequireSbatch();
        }

        string workingDirectory = Environment.CurrentDirectory;
        Plain(folder.Path, "--out");
        Plain(workingDirectory, "the current folder");
        spec.Validate();
        TrainingData.Check(spec.Runs());
        int count = request.Shards ?? folder.Layout()?.Count ?? SlurmRequest.DefaultShards(spec.Runs().Count());
        var layout = ShardLayout.Of(spec, count);
        layout.Record(folder.LayoutFile, write: false); // checked now, written once sbatch has accepted the job
        ShardMerge.CheckedShards(folder); // a foreign database among the shards would fail every task: refuse it here

        var (shards, source) = ShardStatus.Of(folder, layout);
        var running = shards.Where(s => s.Active).Select(s => s.Progress.Index).ToList();
        var submit = shards.Where(s => !s.Progress.Done && !s.Active).Select(s => s.Progress.Index).ToList();
        if (running.Count > 0)
        {
            output.WriteLine($"Shards {SbatchScript.ArraySpec(running, null)} are queued or running (task states {source}): not submitted again.");
        }

        if (submit.Count == 0)
        {
            output.WriteLine(running.Count == 0
                ? $"Every run of the grid is finished: nothing to submit. `warmup report {folder.Path}` writes the report."
                : $"Nothing else to submit. Follow it with `warmup sweep --status {folder.Path}`.");
            return;
        }

        bool created = !Directory.Exists(folder.Path);
        bool slurmCreated = !Directory.Exists(folder.SlurmFolder);
        Directory.CreateDirectory(folder.SlurmFolder);
        string script = Path.Combine(folder.SlurmFolder, SbatchScript.FileName);
        string? previous = File.Exists(script) ? File.ReadAllText(script) : null;
        File.WriteAllText(script, SbatchScript.Render(folder, layout, submit, request, [.. Self(), "sweep", .. gridArguments], workingDirectory));
        int unfinished = shards.Where(s => submit.Contains(s.Progress.Index)).Sum(s => s.Progress.Total - s.Progress.Finished);
        string array = SbatchScript.ArraySpec(submit, request.MaxParallel);
        if (request.DryRun)
        {
            output.WriteLine($"Wrote {script}: array {array}, {submit.Count} of {layout.Count} shards, {unfinished} unfinished runs. Not submitted (--dry-run); `sbatch {script}` would.");
            return;
        }

        string id;
        try
        {
            id = SlurmClient.Submit(script);
        }
        catch (IOException)
        {
            // Refused by Slurm (a partition, a limit): leave the folder as it was, so the corrected command starts afresh.
            if (created || slurmCreated)
            {
                Directory.Delete(created ? folder.Path : folder.SlurmFolder, recursive: true);
            }
            else if (previous is null)
            {
                File.Delete(script);
            }
            else
            {
                File.WriteAllText(script, previous);
            }

            throw;
        }

        layout.Record(folder.LayoutFile);
        new SlurmJobs(Path.Combine(folder.SlurmFolder, SlurmJobs.FileName)).Add(id, submit);
        output.WriteLine($"Submitted job {id}: array {array}, {submit.Count} of {layout.Count} shards, {unfinished} unfinished runs (script {script}).");
        output.WriteLine($"Follow it: squeue -j {id}; `warmup sweep --status {folder.Path}`; logs in {folder.SlurmFolder}/.");
        output.WriteLine($"When it is done: `warmup report {folder.Path}` (reads every shard), or `warmup merge {folder.Path}` to fold the shards into sweep.db.");
    }

    /// <summary>The command that runs this program: its executable, or dotnet and its assembly.</summary>
    public static IReadOnlyList<string> Self()
    {
        string process = Environment.ProcessPath ?? throw new IOException("Cannot tell where this program is, to write it into the job script.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, typeof(SlurmSubmitter).Assembly.Location] : [process];
    }

    // #SBATCH lines split on white space: refuse a path they cannot hold, before anything is written.
    private static void Plain(string path, string what)
    {
        if (path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '%'))
        {
            throw new ArgumentException($"{what} ({path}) contains a space, quote, backslash or %, which a Slurm job script's #SBATCH lines cannot hold; use a folder without them.");
        }
    }
}
