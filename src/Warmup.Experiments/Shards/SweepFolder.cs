using System.Globalization;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>
/// The files of a sweep folder: <c>sweep.db</c>, and for a sharded sweep <c>shards/grid.json</c> (the
/// <see cref="ShardLayout"/>), one database per shard (<c>shards/&lt;i&gt;.db</c>, one writer each) and <c>slurm/</c>
/// (the job script, the submitted jobs and the array tasks' logs).
/// </summary>
/// <param name="path">The folder.</param>
public sealed class SweepFolder(string path)
{
    /// <summary>The folder, as a full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The sweep's own database (what <c>sweep</c> without shards and <c>merge</c> write).</summary>
    public string Database => System.IO.Path.Combine(Path, SweepDatabase.FileName);

    /// <summary>The folder of the shard databases.</summary>
    public string ShardsFolder => System.IO.Path.Combine(Path, "shards");

    /// <summary>The layout of the shards.</summary>
    public string LayoutFile => System.IO.Path.Combine(ShardsFolder, "grid.json");

    /// <summary>
    /// The report's cache of a sharded sweep: <c>DIR/.report-cache/combined.db</c>, <c>sweep.db</c> and every shard
    /// folded into one database (<see cref="ShardMerge.Combine"/>). <c>report</c> reuses it while it agrees with the
    /// databases it was folded from and rebuilds it otherwise; it is never read as a source of runs, and deleting the
    /// folder loses nothing.
    /// </summary>
    public string ReportCache => System.IO.Path.Combine(Path, ".report-cache", "combined.db");

    /// <summary>The folder of the Slurm job script, job list and logs.</summary>
    public string SlurmFolder => System.IO.Path.Combine(Path, "slurm");

    /// <summary>The database of shard <paramref name="index"/>.</summary>
    /// <param name="index">The shard.</param>
    public string ShardDatabase(int index) => System.IO.Path.Combine(ShardsFolder, index.ToString(CultureInfo.InvariantCulture) + ".db");

    /// <summary>The folder's shard layout, or null when it has no shards.</summary>
    public ShardLayout? Layout() => ShardLayout.Load(LayoutFile);

    /// <summary>Every <c>*.db</c> file in the shards folder, shards in numeric order, any other name after them.</summary>
    public IReadOnlyList<string> ShardDatabases() =>
        Directory.Exists(ShardsFolder)
            ? [.. Directory.EnumerateFiles(ShardsFolder, "*.db")
                .OrderBy(f => int.TryParse(System.IO.Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue)
                .ThenBy(f => f, StringComparer.Ordinal)]
            : [];

    /// <summary>The keys of the runs finished in <c>sweep.db</c> or any shard database, except the file <paramref name="except"/>.</summary>
    /// <param name="except">A database not to read (the caller's own), or null.</param>
    /// <param name="idleOnly">
    /// Read only databases no writer holds (a starting shard: a shard being trained holds only its own runs, and a
    /// live SQLite file is best not read from another node).
    /// </param>
    public HashSet<RunKey> FinishedRuns(string? except = null, bool idleOnly = false)
    {
        var finished = new HashSet<RunKey>();
        string? skip = except is null ? null : System.IO.Path.GetFullPath(except);
        foreach (var file in ShardDatabases().Prepend(Database).Where(File.Exists).Where(f => f != skip))
        {
            if (idleOnly && SweepLock.IsHeld(file))
            {
                continue;
            }

            using var db = SweepDatabase.OpenReadOnlyOrEmpty(file);
            finished.UnionWith(db.Runs().Select(RunKey.Of));
        }

        return finished;
    }

    /// <summary>Finished and total runs of every shard of <paramref name="layout"/>, counting a run finished wherever it is stored.</summary>
    /// <param name="layout">The folder's layout.</param>
    public IReadOnlyList<ShardProgress> Progress(ShardLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var finished = FinishedRuns();
        return [.. Enumerable.Range(0, layout.Count).Select(i =>
        {
            var runs = layout.RunsOf(i).ToList();
            return new ShardProgress(i, runs.Count(finished.Contains), runs.Count, [.. runs.Where(r => !finished.Contains(r))]);
        })];
    }
}
