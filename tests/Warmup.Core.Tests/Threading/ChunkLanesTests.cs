using Warmup.Core.Threading;

namespace Warmup.Core.Tests.Threading;

public class ChunkLanesTests
{
    /// <summary>One thread starting on lane 1 of [0, 1] [2, 3] [4]: its own lane first, then the next ones in turn.</summary>
    [Fact]
    public void AThreadTakesItsOwnLaneFirstThenTheNextOnes()
    {
        var lanes = new ChunkLanes();
        var job = new OrderJob();
        lanes.Start(job, [2, 4, 5]);
        lanes.Work(1);
        lanes.Finish();
        Assert.Equal([2, 3, 4, 0, 1], job.Order);
    }

    [Theory]
    [InlineData(new[] { 0 }, 2)]
    [InlineData(new[] { 1000 }, 2)]
    [InlineData(new[] { 0, 0, 7 }, 3)]
    [InlineData(new[] { 300, 600 }, 2)]
    [InlineData(new[] { 10, 10, 500, 501 }, 4)]
    public async Task ConcurrentThreadsRunEveryChunkExactlyOnce(int[] laneEnds, int threads)
    {
        var lanes = new ChunkLanes();
        var job = new CountingJob(laneEnds[^1]);
        for (int repeat = 0; repeat < 20; repeat++)
        {
            lanes.Start(job, laneEnds);
            var helpers = Enumerable.Range(1, threads - 1).Select(k => Task.Run(() => lanes.Work(k), TestContext.Current.CancellationToken)).ToArray();
            lanes.Work(0);
            lanes.Finish();
            await Task.WhenAll(helpers);
        }

        Assert.All(job.Counts, c => Assert.Equal(20, c));
    }

    /// <summary>A thread that calls Work after its run finished, or during the next run of another job, never runs a chunk twice or of the wrong job.</summary>
    [Fact]
    public void ALateThreadFindsNothingOfAFinishedRun()
    {
        var lanes = new ChunkLanes();
        var first = new CountingJob(4);
        lanes.Start(first, [2, 4]);
        lanes.Work(0);
        lanes.Finish();
        lanes.Work(1);
        Assert.All(first.Counts, c => Assert.Equal(1, c));

        var second = new CountingJob(3);
        lanes.Start(second, [3]);
        lanes.Work(1); // a lane index beyond this run's single lane wraps to it
        lanes.Finish();
        Assert.All(first.Counts, c => Assert.Equal(1, c));
        Assert.All(second.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void TheFirstExceptionIsRethrownAndLaterChunksAreSkipped()
    {
        var lanes = new ChunkLanes();
        var job = new ThrowingJob(3);
        lanes.Start(job, [10]);
        lanes.Work(0);
        var e = Assert.Throws<InvalidOperationException>(lanes.Finish);
        Assert.Equal("chunk 3", e.Message);
        Assert.Equal([0, 1, 2, 3], job.Ran);

        // Usable afterwards, with no trace of the error.
        var next = new CountingJob(5);
        lanes.Start(next, [5]);
        lanes.Work(0);
        lanes.Finish();
        Assert.All(next.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void BadLanesAreRejectedAndChangeNothing()
    {
        var lanes = new ChunkLanes();
        var job = new CountingJob(4);
        Assert.Throws<ArgumentException>(() => lanes.Start(job, [3, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => lanes.Start(job, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => lanes.Start(job, [ChunkLanes.MaxChunks + 1]));
        Assert.True(lanes.Finished);

        lanes.Start(job, [4]);
        Assert.Throws<InvalidOperationException>(() => lanes.Start(job, [4]));
        lanes.Work(0);
        lanes.Finish();
        Assert.All(job.Counts, c => Assert.Equal(1, c));
    }

    private sealed class OrderJob : ChunkedJob
    {
        public List<int> Order { get; } = [];

        public override void Execute(int chunk) => Order.Add(chunk);
    }

    private sealed class CountingJob(int chunks) : ChunkedJob
    {
        public int[] Counts { get; } = new int[chunks];

        public override void Execute(int chunk) => Interlocked.Increment(ref Counts[chunk]);
    }

    private sealed class ThrowingJob(int bad) : ChunkedJob
    {
        public List<int> Ran { get; } = [];

        public override void Execute(int chunk)
        {
            Ran.Add(chunk);
            if (chunk == bad)
            {
                throw new InvalidOperationException($"chunk {chunk}");
            }
        }
    }
}
