using System.Globalization;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Commands;

/// <summary>
/// <c>sweep --status DIR</c> for a sweep without shards: its finished runs by task and method, how many in all, when
/// the last one finished, and whether a sweep is writing the database now. A plain sweep records no grid, so unlike
/// a sharded one (<see cref="Slurm.ShardStatus"/>) it cannot say how many runs are still to come.
/// </summary>
internal static class PlainSweepStatus
{
    /// <summary>Prints the status of the plain sweep in <paramref name="folder"/> (its <c>sweep.db</c> must exist).</summary>
    /// <param name="output">Where.</param>
    /// <param name="folder">The sweep folder.</param>
    public static void Print(TextWriter output, SweepFolder folder)
    {
        bool writing = SweepLock.IsHeld(folder.Database);
        using var db = SweepDatabase.OpenReadOnly(folder.Database);
        var runs = db.Runs();
        var c = CultureInfo.InvariantCulture;
        string last = db.FinishedBetween() is { } span ? string.Create(c, $"; the last finished at {span.Last.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC") : string.Empty;
        output.WriteLine(string.Create(c, $"Sweep {folder.Path} (no shards): {runs.Count} finished run{(runs.Count == 1 ? string.Empty : "s")} in {folder.Database}{last}."));
        output.WriteLine(writing ? "A sweep is writing to it now." : "No sweep is writing to it now; running the same `warmup sweep` command again trains the runs it lacks.");
        if (runs.Count == 0)
        {
            return;
        }

        var table = new ResultTable("task", "method", "finished", "diverged");
        foreach (var group in runs.GroupBy(r => (r.Task, r.Method)).OrderBy(g => g.Key.Task, StringComparer.Ordinal).ThenBy(g => Warmup.Experiments.Methods.ExperimentMethods.Rank(g.Key.Method)).ThenBy(g => g.Key.Method, StringComparer.Ordinal))
        {
            table.AddRow(group.Key.Task, group.Key.Method, group.Count().ToString(c), group.Count(r => r.Diverged).ToString(c));
        }

        output.Write(table.ToPlainText());
        output.WriteLine($"`warmup report {folder.Path}` reports them.");
    }
}
