using Warmup.Experiments.Methods;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Shards;

public sealed class ShardLayoutTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-layout-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string File => Path.Combine(_dir.FullName, "shards", "grid.json");

    internal static SweepSpec Grid(params string[] methods) =>
        new(TrainerTests.Small() with { Steps = 6 }, [.. methods.Select(MethodSpec.Parse)], [1e-3, 1e-2], [0.999], [1, 2]);

    [Fact]
    public void TheSameGridAndCountGiveTheSameShardsAndFingerprint()
    {
        var a = ShardLayout.Of(Grid("adam", "radam"), 3);
        var b = ShardLayout.Of(Grid("adam", "radam"), 3);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(64, a.Fingerprint.Length);
        Assert.Equal(8, a.Runs.Count);
        Assert.Equal(a.Runs, b.Runs);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(a.RunsOf(i), b.RunsOf(i));
        }

        Assert.Equal([3, 3, 2], Enumerable.Range(0, 3).Select(i => a.RunsOf(i).Count()));
        Assert.Equal(a.Fingerprint, ShardLayout.Of(Grid("adam", "radam"), 5).Fingerprint); // the grid's, not the count's
        Assert.NotEqual(a.Fingerprint, ShardLayout.Of(Grid("adam", "sgd"), 3).Fingerprint);
        Assert.NotEqual(a.Fingerprint, ShardLayout.Of(Grid("radam", "adam"), 3).Fingerprint); // another order is another assignment
    }

    [Fact]
    public void ACountAboveTheRunsIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ShardLayout.Of(Grid("adam"), 5));
        Assert.Contains("5 shards for a grid of 4 runs", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ShardLayout.Of(Grid("adam"), 0));
    }

    [Fact]
    public void RecordWritesOnceThenRefusesAnotherGridOrCountAndReadsBackTheSame()
    {
        var layout = ShardLayout.Of(Grid("adam", "radam"), 4);
        layout.Record(File, write: false);
        Assert.False(System.IO.File.Exists(File)); // a dry run writes nothing

        layout.Record(File);
        string written = System.IO.File.ReadAllText(File);
        layout.Record(File); // the same again: fine, unchanged
        Assert.Equal(written, System.IO.File.ReadAllText(File));

        var loaded = ShardLayout.Load(File)!;
        Assert.Equal(layout.Fingerprint, loaded.Fingerprint);
        Assert.Equal(layout.Runs, loaded.Runs);
        Assert.Equal(4, loaded.Count);

        var other = Assert.Throws<IOException>(() => ShardLayout.Of(Grid("adam", "sgd"), 4).Record(File));
        Assert.Contains("holds the shards of another grid", other.Message, StringComparison.Ordinal);
        Assert.Contains(layout.ShortFingerprint, other.Message, StringComparison.Ordinal);
        var count = Assert.Throws<IOException>(() => ShardLayout.Of(Grid("adam", "radam"), 2).Record(File));
        Assert.Contains("into 4, not 2", count.Message, StringComparison.Ordinal);
        Assert.Equal(written, System.IO.File.ReadAllText(File));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(File)!, "*.tmp"));
    }

    [Fact]
    public void AnEditedLayoutIsRefused()
    {
        ShardLayout.Of(Grid("adam", "radam"), 4).Record(File);
        System.IO.File.WriteAllText(File, System.IO.File.ReadAllText(File).Replace("\"shards\": 4", "\"shards\": 3", StringComparison.Ordinal).Replace("\"seed\": 2", "\"seed\": 3", StringComparison.Ordinal));
        Assert.Throws<InvalidDataException>(() => ShardLayout.Load(File));
        System.IO.File.WriteAllText(File, "{ not json");
        Assert.Contains(File, Assert.Throws<InvalidDataException>(() => ShardLayout.Load(File)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEditedShardCountIsNamedAsAnEditWithTheCountItWasWrittenFor()
    {
        // At 148eae1 the count was not covered: 2 -> 3 loaded, and every shard then looked foreign (stamped 2), a wedged folder.
        ShardLayout.Of(Grid("adam", "radam"), 2).Record(File);
        string written = System.IO.File.ReadAllText(File);
        System.IO.File.WriteAllText(File, written.Replace("\"shards\": 2", "\"shards\": 3", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => ShardLayout.Load(File));
        Assert.Equal($"{File} was edited: it says 3 shards, but it was written for 2; put back \"shards\": 2 (its shard databases are stamped with it).", e.Message);

        // Putting it back is all it takes.
        System.IO.File.WriteAllText(File, written);
        Assert.Equal(2, ShardLayout.Load(File)!.Count);
    }

    [Fact]
    public void ALayoutOfAnEarlierVersionWithoutChecksumStillLoads()
    {
        ShardLayout.Of(Grid("adam", "radam"), 2).Record(File);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(File))!.AsObject();
        Assert.True(json.Remove("checksum"));
        System.IO.File.WriteAllText(File, json.ToJsonString());

        var loaded = ShardLayout.Load(File)!;
        Assert.Equal(2, loaded.Count);
        Assert.Equal(ShardLayout.Of(Grid("adam", "radam"), 2).Fingerprint, loaded.Fingerprint);
    }
}
