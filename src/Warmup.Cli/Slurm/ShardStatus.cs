using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Slurm;

/// <summary>A shard's progress with the state of the array task that last ran it.</summary>
/// <param name="Progress">Its finished and total runs.</param>
/// <param name="Task">The array task (<c>JOB_INDEX</c>) that last ran it, or null if it was never submitted.</param>
/// <param name="State">That task's Slurm state, or null when unknown (not in the queue, no accounting).</param>
/// <param name="Training">A process holds the shard's database now (whatever Slurm says).</param>
internal sealed record ShardStatus(ShardProgress Progress, string? Task, string? State, bool Training)
{
    /// <summary>Its array task may still finish it (pending, running, ...), or a process trains it now.</summary>
    public bool Active => !Progress.Done && (Training || (State is not null && SlurmClient.IsActive(State)));

    /// <summary>Its array task ended (or is gone) with runs unfinished.</summary>
    public bool Failed => !Progress.Done && Task is not null && !Active;

    /// <summary>In words, for the status table.</summary>
    public string Verdict =>
        Progress.Done ? "done"
        : Active ? (State is not null && SlurmClient.IsActive(State) ? State.ToLowerInvariant() : "training (its database is locked)")
        : Task is null ? "not submitted"
        : State is null ? "failed (not in the queue)"
        : $"failed ({State})";

    /// <summary>The status of every shard of <paramref name="folder"/>, and where the task states came from.</summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="layout">Its layout.</param>
    public static (IReadOnlyList<ShardStatus> Shards, string Source) Of(SweepFolder folder, ShardLayout layout)
    {
        var jobs = new SlurmJobs(Path.Combine(folder.SlurmFolder, SlurmJobs.FileName));
        var latest = jobs.LatestTasks();
        var (states, source) = SlurmClient.TaskStates(jobs.Ids);
        var shards = folder.Progress(layout).Select(p =>
        {
            string? task = latest.GetValueOrDefault(p.Index);
            return new ShardStatus(p, task, task is not null && states.TryGetValue(task, out var s) ? s : null, SweepLock.IsHeld(folder.ShardDatabase(p.Index)));
        }).ToList();
        return (shards, source);
    }

    /// <summary>Prints the status table of <paramref name="folder"/> and what to do next.</summary>
    /// <param name="output">Where.</param>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="layout">Its layout.</param>
    public static void Print(TextWriter output, SweepFolder folder, ShardLayout layout)
    {
        var (shards, source) = Of(folder, layout);
        int finished = shards.Sum(s => s.Progress.Finished);
        output.WriteLine($"Sweep {folder.Path}: grid {layout.ShortFingerprint}, {layout.Runs.Count} runs in {layout.Count} shards; {finished} finished.");
        output.WriteLine($"{"shard",5}  {"finished",8}  {"array task",-12}  state");
        foreach (var s in shards)
        {
            output.WriteLine($"{s.Progress.Index,5}  {$"{s.Progress.Finished}/{s.Progress.Total}",8}  {s.Task ?? "-",-12}  {s.Verdict}");
        }

        var failed = shards.Where(s => s.Failed).ToList();
        output.WriteLine(failed.Count == 0
            ? "Failed array tasks: none."
            : $"Failed array tasks: {string.Join(", ", failed.Select(s => $"{s.Task} ({s.State ?? "not in the queue"}, shard {s.Progress.Index}: {s.Progress.Finished} of {s.Progress.Total} runs finished)"))}.");
        output.WriteLine($"Task states: {source}.");
        if (failed.Count > 0 || shards.Any(s => !s.Progress.Done && s.Task is null))
        {
            output.WriteLine("Run the same `warmup sweep ... --slurm` command again: it submits only the shards with unfinished runs that are not queued or running.");
        }

        output.WriteLine(finished == layout.Runs.Count
            ? $"Every run is finished: `warmup report {folder.Path}` writes the report; `warmup merge {folder.Path}` folds the shards into sweep.db."
            : $"`warmup report {folder.Path}` reports the runs finished so far.");
    }
}
