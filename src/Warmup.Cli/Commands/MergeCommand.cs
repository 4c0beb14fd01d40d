using System.CommandLine;
using Warmup.Experiments.Shards;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup merge DIR</c>: folds a sharded sweep's shard databases into DIR/sweep.db.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "A sweep folder with shards (DIR/shards/<i>.db)." };
        var command = new Command(
            "merge",
            "Fold every shard database of DIR into DIR/sweep.db: each run once, with its curve and diagnostics. Idempotent; a shard of another grid is refused by name and nothing is merged.")
        {
            dir,
        };
        SweepFolder? stopping = null;
        command.SetAction(parse => CommandRunner.Run(() => stopping is null ? "nothing was merged" : $"the runs merged so far are in {stopping.Database} (one transaction each), the shard databases are as they were; run the same command again to merge the rest", cancel =>
        {
            var folder = stopping = new SweepFolder(parse.GetValue(dir)!);
            if (!Directory.Exists(folder.Path))
            {
                throw new DirectoryNotFoundException($"No sweep folder at {folder.Path}.");
            }

            if (folder.ShardDatabases().Count == 0)
            {
                throw new FileNotFoundException($"{folder.Path} has no shard databases (in {folder.ShardsFolder}): nothing to merge.");
            }

            var merged = ShardMerge.Merge(folder, cancel);
            foreach (var (shard, copied) in merged)
            {
                Console.WriteLine($"{shard}: {copied} runs added");
            }

            Console.WriteLine($"{merged.Sum(m => m.Copied)} runs added to {folder.Database}; the shard databases are left as they were.");
            return 0;
        }));
        return command;
    }
}
