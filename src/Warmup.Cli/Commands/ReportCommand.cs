using System.CommandLine;
using Warmup.Reports;
using Warmup.Experiments.Report;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup report DIR</c>: the papers' kind of report from a sweep.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "A sweep folder (holding sweep.db, or shards in DIR/shards/, or both)." };
        var command = new Command(
            "report",
            "Write DIR/report.md: tables (rows lr x beta2, columns methods, mean ± std over seeds), training curves, diagnostics, findings. Reads DIR/sweep.db and every shard database, each run once.")
        {
            dir,
        };
        string? cache = null;
        command.SetAction(parse => CommandRunner.Run(() => $"report.md was not written; {(cache is null ? "the sweep's databases are as they were" : $"the runs folded so far stay in {cache} for the next report")}", cancel =>
        {
            string folder = parse.GetValue(dir)!;
            if (File.Exists(folder))
            {
                throw new IOException($"{folder} is a file; `warmup report` takes the sweep's folder (the one holding {SweepDatabase.FileName}).");
            }

            var sweep = new SweepFolder(folder);
            bool sharded = sweep.ShardDatabases().Count > 0;
            if (!File.Exists(sweep.Database) && !sharded)
            {
                throw new FileNotFoundException($"No sweep database at {sweep.Database} and no shards in {sweep.ShardsFolder}; run `warmup sweep --out {folder} ...` first.");
            }

            // Read-only, and checked to be a sweep database before anything is written beside it. With shards, the
            // folder's report cache (DIR/.report-cache/combined.db, reused or rebuilt) holds sweep.db and every shard
            // (foreign shards refused by name), each run once.
            cache = sharded ? sweep.ReportCache : null;
            using var combined = sharded ? ShardMerge.Combine(sweep, cancel) : null;
            using var own = sharded ? null : SweepDatabase.OpenReadOnly(sweep.Database);
            var db = combined?.Database ?? own!;
            var md = new MarkdownReport().Heading(1, $"Sweep report: {Path.GetFullPath(folder)}");
            ExperimentReport.Write(db, md, Path.Combine(folder, "figures"), file => $"figures/{file}");
            cancel.ThrowIfCancellationRequested();
            string report = Path.Combine(folder, "report.md");
            OutputPaths.Writing(report, () => md.Save(report));
            Console.WriteLine($"Report: {report}");
            return 0;
        }));
        return command;
    }
}
