using Warmup.Experiments.Shards;

namespace Warmup.Experiments.Tests.Shards;

public sealed class SweepShardTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData("12/100", 12, 100)]
    public void ParsesIndexAndCount(string text, int index, int count) => Assert.Equal(new SweepShard(index, count), SweepShard.Parse(text));

    [Theory]
    [InlineData("4/4", "out of range; shards of 4 are numbered 0 to 3")]
    [InlineData("7/4", "out of range")]
    [InlineData("0/0", "at least 1")]
    [InlineData("-1/4", "not of the form i/N")]
    [InlineData("1", "not of the form i/N")]
    [InlineData("a/b", "not of the form i/N")]
    [InlineData("1/2/3", "not of the form i/N")]
    [InlineData(" 1/2", "not of the form i/N")]
    public void RefusesWhatIsNotAShardOfTheGrid(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => SweepShard.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRunBelongsToExactlyOneShardAndShardsDifferByAtMostOneRun()
    {
        for (int runs = 1; runs <= 40; runs++)
        {
            for (int count = 1; count <= runs; count++)
            {
                var sizes = new int[count];
                for (int k = 0; k < runs; k++)
                {
                    int shard = SweepShard.Of(k, count);
                    Assert.InRange(shard, 0, count - 1);
                    sizes[shard]++;
                }

                Assert.Equal(runs, sizes.Sum());
                Assert.InRange(sizes.Max() - sizes.Min(), 0, 1);
                Assert.All(sizes, s => Assert.True(s > 0));
            }
        }
    }
}
