using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Training;

public class EpochSamplerTests
{
    [Fact]
    public void EachEpochVisitsEveryExampleOnceAndTheTailWaitsForTheNextPermutation()
    {
        // 10 examples in batches of 3: three batches per permutation (the 10th example of each waits), then a new one.
        var sampler = new EpochSampler(10, 3, new Random(5));
        for (int epoch = 0; epoch < 4; epoch++)
        {
            var seen = Enumerable.Range(0, 3).SelectMany(_ => sampler.Next()).ToList();
            Assert.Equal(9, seen.Distinct().Count());
            Assert.All(seen, i => Assert.InRange(i, 0, 9));
        }
    }

    [Fact]
    public void TheSameGeneratorGivesTheSameBatchesAndTheBatchCanBeTheWholeSet()
    {
        var a = new EpochSampler(50, 7, new Random(3));
        var b = new EpochSampler(50, 7, new Random(3));
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(_ => a.Next()), Enumerable.Range(0, 20).SelectMany(_ => b.Next()));

        var whole = new EpochSampler(4, 4, new Random(1));
        Assert.Equal([0L, 1, 2, 3], whole.Next().Order());
        Assert.Equal([0L, 1, 2, 3], whole.Next().Order());
    }
}
