using Microsoft.Data.Sqlite;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Tests.Shards;

/// <summary>Shards run by hand (no Slurm): each its own runs, skipping what any database holds, merged and combined each run once.</summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-shards-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private SweepFolder Folder(string name = "sweep") => new(Path.Combine(_dir.FullName, name));

    private static List<RunKey> Keys(string database)
    {
        using var db = SweepDatabase.OpenReadOnly(database);
        return [.. db.Runs().Select(RunKey.Of)];
    }

    [Fact]
    public void ShardsRunTheirOwnRunsAndMergeIntoTheGridOnceIdempotently()
    {
        var spec = ShardLayoutTests.Grid("adam", "radam");
        var folder = Folder();
        var layout = ShardLayout.Of(spec, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(layout.RunsOf(i).Count(), Shard(spec, folder, i, 3));
            Assert.Equal(layout.RunsOf(i).ToHashSet(), Keys(folder.ShardDatabase(i)).ToHashSet());
            Assert.Equal(0, Shard(spec, folder, i, 3)); // again: nothing to do
        }

        Assert.False(File.Exists(folder.Database));
        var merged = ShardMerge.Merge(folder, TestContext.Current.CancellationToken);
        Assert.Equal([3, 3, 2], merged.Select(m => m.Copied));
        Assert.Equal(layout.Runs.ToHashSet(), Keys(folder.Database).ToHashSet());
        Assert.Equal(8, Keys(folder.Database).Count);
        Assert.All(ShardMerge.Merge(folder, TestContext.Current.CancellationToken), m => Assert.Equal(0, m.Copied));
        Assert.Equal(8, Keys(folder.Database).Count);

        // A copied run keeps its curve and diagnostics.
        using (var shard = SweepDatabase.OpenReadOnly(folder.ShardDatabase(0)))
        using (var all = SweepDatabase.OpenReadOnly(folder.Database))
        {
            var original = shard.Runs()[0];
            var copy = all.Runs().Single(r => RunKey.Of(r) == RunKey.Of(original));
            Assert.Equal(original with { Id = 0 }, copy with { Id = 0 });
            Assert.Equal(shard.Curve(original.Id), all.Curve(copy.Id));
            Assert.Equal(shard.Diagnostics(original.Id).Select(d => d.Step), all.Diagnostics(copy.Id).Select(d => d.Step));
            Assert.NotEmpty(all.Curve(copy.Id));
        }

        // The report's view holds sweep.db and the shards, each run once, though every run is in both.
        using var combined = ShardMerge.Combine(folder, TestContext.Current.CancellationToken);
        Assert.Equal(8, combined.Database.Runs().Count);
        Assert.Equal(folder.ReportCache, combined.Database.Path); // in the sweep folder, never in the temporary one
    }

    [Fact]
    public void TheReportsCacheIsReusedWhileItAgreesWithTheShardsAndRebuiltOtherwise()
    {
        var cancel = TestContext.Current.CancellationToken;
        var spec = ShardLayoutTests.Grid("adam", "radam");
        var folder = Folder();
        Shard(spec, folder, 0, 2);
        List<StoredRun> first;
        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((4, true), (combined.Copied, combined.Rebuilt));
            first = combined.Database.Runs();
        }

        // Closed cleanly: the file alone holds the runs (its log folded in), and the next report copies nothing.
        Assert.True(File.Exists(folder.ReportCache));
        Assert.False(File.Exists(folder.ReportCache + "-wal"));
        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((0, false), (combined.Copied, combined.Rebuilt));
            Assert.Equal(first, combined.Database.Runs());
        }

        // New runs in a later source are appended; the result reads as a fresh fold does (same runs, same order).
        Shard(spec, folder, 1, 2);
        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((4, false), (combined.Copied, combined.Rebuilt));
            Assert.Equal(Keys(folder.ShardDatabase(0)).Concat(Keys(folder.ShardDatabase(1))), combined.Database.Runs().Select(RunKey.Of));
        }

        // A shard moved away: the cache holds runs no source holds, so it is rebuilt from what is there.
        foreach (var file in Directory.EnumerateFiles(folder.ShardsFolder, "1.*"))
        {
            File.Delete(file);
        }

        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((4, true), (combined.Copied, combined.Rebuilt));
            Assert.Equal(Keys(folder.ShardDatabase(0)), combined.Database.Runs().Select(RunKey.Of));
        }

        // A cache that is not a database (a disk filled mid-write, an edit) is rebuilt too.
        SqliteConnection.ClearAllPools();
        File.WriteAllText(folder.ReportCache, "garbage");
        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((4, true), (combined.Copied, combined.Rebuilt));
        }

        // A stopped fold leaves the cache's lock free and the cache readable.
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ShardMerge.Combine(folder, stopped.Token));
        using (var combined = ShardMerge.Combine(folder, cancel))
        {
            Assert.Equal((0, false, 4), (combined.Copied, combined.Rebuilt, combined.Database.Count()));
        }
    }

    [Fact]
    public void AShardSkipsRunsFinishedInSweepDb()
    {
        var spec = ShardLayoutTests.Grid("adam", "radam");
        var folder = Folder();
        var layout = ShardLayout.Of(spec, 2);
        var first = layout.RunsOf(0).First();

        // One run of shard 0 already in sweep.db (an earlier sweep without shards).
        var one = new SweepSpec(spec.Base, [Warmup.Experiments.Methods.MethodSpec.Parse(first.Method)], [first.LearningRate], [first.Beta2], [first.Seed]);
        Assert.Equal(1, Sweep(one, folder.Database));

        var progress = new List<SweepProgress>();
        int trained = Shard(spec, folder, 0, 2, new Collect(progress));
        Assert.Equal(layout.RunsOf(0).Count() - 1, trained);
        Assert.DoesNotContain(first, Keys(folder.ShardDatabase(0)));
        Assert.Single(progress, p => p.Result is null);
        Assert.Equal(4, progress.Count);
    }

    [Fact]
    public void AShardOfAnotherGridIsRefusedByNameAndNothingIsMerged()
    {
        var folder = Folder();
        Shard(ShardLayoutTests.Grid("adam", "radam"), folder, 0, 2);
        var other = Folder("other");
        Shard(ShardLayoutTests.Grid("adam", "sgd"), other, 1, 2);
        File.Copy(other.ShardDatabase(1), folder.ShardDatabase(1));

        var e = Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(folder, TestContext.Current.CancellationToken));
        Assert.Contains(folder.ShardDatabase(1), e.Message, StringComparison.Ordinal);
        Assert.Contains("a shard of another grid", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.Database));
        Assert.Throws<InvalidDataException>(() => ShardMerge.Combine(folder, TestContext.Current.CancellationToken));

        // A shard of the same grid run into the folder by hand is refused too when the grid differs there.
        var refused = Assert.Throws<IOException>(() => Shard(ShardLayoutTests.Grid("adam", "sgd"), folder, 1, 2));
        Assert.Contains("holds the shards of another grid", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADatabaseThatIsNotAShardIsRefusedByName()
    {
        var spec = ShardLayoutTests.Grid("adam");
        var folder = Folder();
        Shard(spec, folder, 0, 2);
        Sweep(spec, Folder("plain").Database);
        File.Copy(Folder("plain").Database, folder.ShardDatabase(1));

        var e = Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(folder, TestContext.Current.CancellationToken));
        Assert.Contains(folder.ShardDatabase(1), e.Message, StringComparison.Ordinal);
        Assert.Contains("not a shard database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnstampedDatabaseWithRunsAmongTheShardsIsNotTakenOverByAShard()
    {
        var spec = ShardLayoutTests.Grid("adam");
        var folder = Folder();
        Shard(spec, folder, 0, 2);
        Sweep(spec, Folder("plain").Database);
        File.Copy(Folder("plain").Database, folder.ShardDatabase(1));
        var e = Assert.Throws<InvalidDataException>(() => Shard(spec, folder, 1, 2));
        Assert.Contains("holds runs but is not a shard database", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(folder, TestContext.Current.CancellationToken)); // still refused: it was not stamped
    }

    [Fact]
    public void ASweepWithoutShardsIntoAShardedFolderSkipsTheShardsRuns()
    {
        var spec = ShardLayoutTests.Grid("adam", "radam");
        var folder = Folder();
        Shard(spec, folder, 0, 2);
        Assert.Equal(4, Sweep(spec, folder.Database)); // the other half only
        Assert.Equal(8, folder.FinishedRuns().Count);
    }

    [Fact]
    public void AShardDatabaseBeingCreatedIsReadAsEmpty()
    {
        // Shards start together: one may read another's file before its tables (or its stamp) exist. Found on Slurm: a
        // shard failed on "table(s) curve, diagnostics missing" while the other was creating them one by one.
        var spec = ShardLayoutTests.Grid("adam");
        var folder = Folder();
        Shard(spec, folder, 0, 2);
        File.WriteAllBytes(folder.ShardDatabase(1), []);
        Assert.Equal(2, folder.FinishedRuns().Count);
        Assert.Equal(2, ShardMerge.Merge(folder, TestContext.Current.CancellationToken).Sum(m => m.Copied));
        File.Delete(folder.ShardDatabase(1));
        using (var created = new SweepDatabase(folder.ShardDatabase(1)))
        using (var combined = ShardMerge.Combine(folder, TestContext.Current.CancellationToken))
        {
            Assert.Equal(2, combined.Database.Runs().Count); // tables, no stamp yet, no runs
        }

        Assert.Equal(2, Shard(spec, folder, 1, 2));
        Assert.Equal(4, folder.FinishedRuns().Count);
    }

    [Fact]
    public void AShardIsLockedWhileItRunsSoTheSameShardIsNotRunTwice()
    {
        var spec = ShardLayoutTests.Grid("adam");
        var folder = Folder();
        using (SweepLock.AcquireDatabase(folder.ShardDatabase(1), TimeSpan.Zero))
        {
            var e = Assert.Throws<IOException>(() => SweepRunner.RunShard(spec, folder, new SweepShard(1, 2), 1, 1, TimeSpan.FromSeconds(1), null, TestContext.Current.CancellationToken));
            Assert.Contains("in use by another warmup process", e.Message, StringComparison.Ordinal);
            Assert.Equal(2, Shard(spec, folder, 0, 2)); // another shard of the folder runs meanwhile
        }
    }

    [Fact]
    public void AShardWaitsForAReaderOfItsDatabaseInsteadOfFailing()
    {
        // Shards starting together read each other's databases (holding their locks shared for a moment): the shard
        // being read used to fail at once with "in use by another warmup process".
        var spec = ShardLayoutTests.Grid("adam");
        var folder = Folder();
        Shard(spec, folder, 1, 2);
        var reader = new Thread(() =>
        {
            using var db = SweepDatabase.OpenReadOnly(folder.ShardDatabase(1)); // holds 1.lock shared while open
            Thread.Sleep(1500);
        });
        reader.Start();
        Thread.Sleep(300);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, Shard(spec, folder, 1, 2)); // waits for the reader, then finds its runs done
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 20);
        reader.Join();
    }

    private static int Sweep(SweepSpec spec, string database) => SweepRunner.Run(spec, database, cancel: TestContext.Current.CancellationToken);

    private static int Shard(SweepSpec spec, SweepFolder folder, int index, int count, IProgress<SweepProgress>? progress = null) =>
        SweepRunner.RunShard(spec, folder, new SweepShard(index, count), jobs: 1, cpus: 1, progress, TestContext.Current.CancellationToken);

    private sealed class Collect(List<SweepProgress> into) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
