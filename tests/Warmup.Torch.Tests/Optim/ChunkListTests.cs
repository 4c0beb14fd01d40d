using Warmup.Torch.Optim;

namespace Warmup.Torch.Tests.Optim;

/// <summary>The lanes of the fused passes against libtorch's split of an element-wise operation.</summary>
public class ChunkListTests
{
    /// <summary>
    /// Expected values worked out by hand from libtorch's rule (aten/src/ATen/ParallelOpenMP.h, <c>invoke_parallel</c>,
    /// and TensorIterator's <c>for_each</c> with <c>at::internal::GRAIN_SIZE</c> = 32768): serial for n &lt;= 32768,
    /// else t = min(threads, ceil(n / 32768)) threads of ceil(n / t) elements.
    /// </summary>
    [Theory]
    [InlineData(0, 2, 1, 0)]
    [InlineData(100, 4, 1, 100)]
    [InlineData(32_768, 2, 1, 32_768)]
    [InlineData(32_769, 2, 2, 16_385)]
    [InlineData(65_537, 4, 3, 21_846)]
    [InlineData(200_704, 2, 2, 100_352)]
    [InlineData(200_704, 1, 1, 200_704)]
    [InlineData(16_777_216, 3, 3, 5_592_406)]
    public void LanesFollowLibtorchsSplit(long length, int threads, int expectedThreads, long expectedShare)
    {
        Assert.Equal((expectedThreads, expectedShare), ChunkList.TorchSplit(length, threads));
    }

    /// <summary>Every element of every item lands in exactly one chunk, of the right lane, never crossing a lane's border; sealing reverses each lane on request.</summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void ChunksCoverEveryElementOnceInTheirLane(int lanes, bool lastFirst)
    {
        long[] lengths = [0, 1, 257, 32_768, 32_769, 100_000, 1_000_003];
        var list = new ChunkList(1000);
        list.Clear(lanes);
        for (int i = 0; i < lengths.Length; i++)
        {
            list.Add(i, lengths[i]);
        }

        list.Seal(lastFirst);
        Assert.Equal(lengths.Sum(), list.Elements);
        Assert.Equal(list.Count, list.LaneEnds[^1]);
        var covered = lengths.Select(n => new int[n]).ToArray();
        for (int lane = 0, first = 0; lane < lanes; first = list.LaneEnds[lane++])
        {
            int previousStart = -1;
            for (int c = first; c < list.LaneEnds[lane]; c++)
            {
                var chunk = list[c];
                Assert.InRange(chunk.Length, 1, 1000);
                var (threads, share) = ChunkList.TorchSplit(lengths[chunk.Item], lanes);
                Assert.True(lane < threads);
                Assert.InRange(chunk.Start, lane * share, ((lane + 1) * share) - chunk.Length);
                for (int k = chunk.Start; k < chunk.Start + chunk.Length; k++)
                {
                    covered[chunk.Item][k]++;
                }

                if (previousStart >= 0 && list[c - 1].Item == chunk.Item)
                {
                    Assert.Equal(lastFirst, chunk.Start < previousStart);
                }

                previousStart = chunk.Start;
            }
        }

        Assert.All(covered, item => Assert.All(item, n => Assert.Equal(1, n)));
    }
}
