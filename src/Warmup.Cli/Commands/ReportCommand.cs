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
        var compare = new Option<string[]>("--compare")
        {
            Description = "A pair of methods to compare, METHOD,REFERENCE (METHOD minus REFERENCE at every configuration where both ran, Welch with Holm); repeat for more pairs.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command(
            "report",
            "Write DIR/report.md: how the runs were made, tables (rows lr x beta2, columns methods, mean ± std over seeds), comparisons with verdicts, training curves, " +
            "diagnostics; every table as CSV and JSON in DIR/tables/ (with cells.csv and runs.csv, as numbers); the main tables printed here. Reads DIR/sweep.db and " +
            "every shard database, each run once. Files an earlier report wrote and this one does not are removed (DIR/report-files.txt lists them).")
        {
            dir,
            compare,
        };
        string? cache = null;
        command.SetAction(parse => CommandRunner.Run(() => $"report.md was not written; {(cache is null ? "the sweep's databases are as they were" : $"the runs folded so far stay in {cache} for the next report")}", cancel =>
        {
            string folder = parse.GetValue(dir)!;
            var options = new ExperimentReportOptions { Compare = [.. (parse.GetValue(compare) ?? []).Select(Pair)] };
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
            var result = ExperimentReport.Write(db, md, Path.Combine(folder, "figures"), file => $"figures/{file}", options);
            cancel.ThrowIfCancellationRequested();
            string report = Path.Combine(folder, "report.md");
            OutputPaths.Writing(report, () => md.Save(report));
            string tables = Path.Combine(folder, "tables");
            var written = new List<string> { report };
            written.AddRange(md.Images);
            OutputPaths.Writing(tables, () =>
            {
                written.AddRange(ReportExport.WriteTables(tables, md.Tables));
                written.AddRange(result.WriteData(tables));
            });
            var removed = ReportManifest.Replace(folder, written);

            foreach (var (heading, table) in result.MainTables)
            {
                Console.WriteLine();
                Console.WriteLine(heading);
                var terminal = new ResultTable([.. table.Header]);
                foreach (var row in table.Rows)
                {
                    terminal.AddRow([.. row]);
                }

                terminal.Write();
            }

            Console.WriteLine();
            Console.WriteLine($"Report: {report}");
            Console.WriteLine($"Tables: {tables} ({md.Tables.Count} tables as CSV and JSON; cells and runs as numbers)");
            if (removed.Count > 0)
            {
                Console.WriteLine($"Removed {removed.Count} file(s) an earlier report wrote and this one did not (e.g. {removed[0]}).");
            }

            return 0;
        }));
        return command;
    }

    // "adam,untuned-linear" -> (adam, untuned-linear).
    private static (string Method, string Reference) Pair(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 && parts[0] != parts[1]
            ? (parts[0], parts[1])
            : throw new ArgumentException($"--compare takes two different methods, METHOD,REFERENCE (e.g. adam,untuned-linear); got '{text}'.");
    }
}
