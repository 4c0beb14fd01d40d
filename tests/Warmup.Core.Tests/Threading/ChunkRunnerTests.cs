using Warmup.Core.Threading;

namespace Warmup.Core.Tests.Threading;

public class ChunkRunnerTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 100)]
    [InlineData(2, 1)]
    [InlineData(2, 10_000)]
    [InlineData(4, 777)]
    public void EveryChunkRunsExactlyOnce(int threads, int chunks)
    {
        using var runner = new ChunkRunner(threads);
        var job = new CountingJob(chunks);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            runner.Run(job, chunks);
        }

        Assert.All(job.Counts, c => Assert.Equal(3, c));
    }

    /// <summary>Each of two chunks waits (up to 10 s) until two different threads have started a chunk.</summary>
    [Fact]
    public void TwoThreadsShareTheWorkWhenAllowed()
    {
        using var runner = new ChunkRunner(2);
        var job = new RendezvousJob(2);
        runner.Run(job, 2);
        Assert.Equal(2, job.Threads.Count);
        Assert.False(job.TimedOut);
    }

    [Fact]
    public void MaxThreadsOneRunsEverythingOnTheCaller()
    {
        using var runner = new ChunkRunner(2);
        var job = new RendezvousJob(1);
        runner.Run(job, 64, maxThreads: 1);
        Assert.Equal([Environment.CurrentManagedThreadId], job.Threads.Keys);
    }

    [Fact]
    public void AnExceptionInAChunkReachesTheCaller()
    {
        using var runner = new ChunkRunner(2);
        var e = Assert.Throws<InvalidOperationException>(() => runner.Run(new ThrowingJob(17), 100));
        Assert.Equal("chunk 17", e.Message);

        // The runner is still usable afterwards.
        var job = new CountingJob(50);
        runner.Run(job, 50);
        Assert.All(job.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task ConcurrentCallersBothFinish()
    {
        using var runner = new ChunkRunner(2);
        var a = new CountingJob(5000);
        var b = new CountingJob(5000);
        var t1 = Task.Run(() => runner.Run(a, 5000), TestContext.Current.CancellationToken);
        var t2 = Task.Run(() => runner.Run(b, 5000), TestContext.Current.CancellationToken);
        await Task.WhenAll(t1, t2);
        Assert.All(a.Counts, c => Assert.Equal(1, c));
        Assert.All(b.Counts, c => Assert.Equal(1, c));
    }

    /// <summary>
    /// Thousands of short runs of two jobs in turn: a worker woken for one run that starts after the next run began
    /// must neither run a chunk of the old job nor take a chunk of the new one twice.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void BackToBackRunsNeverMixTheirChunks(int threads)
    {
        using var runner = new ChunkRunner(threads);
        var a = new CountingJob(3);
        var b = new CountingJob(2);
        const int Runs = 20_000;
        for (int i = 0; i < Runs; i++)
        {
            runner.Run(a, 3);
            runner.Run(b, 2);
        }

        Assert.All(a.Counts, c => Assert.Equal(Runs, c));
        Assert.All(b.Counts, c => Assert.Equal(Runs, c));
    }

    private sealed class CountingJob(int chunks) : ChunkedJob
    {
        public int[] Counts { get; } = new int[chunks];

        public override void Execute(int chunk) => Interlocked.Increment(ref Counts[chunk]);
    }

    private sealed class RendezvousJob(int threadsToWaitFor) : ChunkedJob
    {
        public System.Collections.Concurrent.ConcurrentDictionary<int, bool> Threads { get; } = new();

        public bool TimedOut { get; private set; }

        public override void Execute(int chunk)
        {
            Threads[Environment.CurrentManagedThreadId] = true;
            if (!SpinWait.SpinUntil(() => Threads.Count >= threadsToWaitFor, TimeSpan.FromSeconds(10)))
            {
                TimedOut = true;
            }
        }
    }

    private sealed class ThrowingJob(int bad) : ChunkedJob
    {
        public override void Execute(int chunk)
        {
            if (chunk == bad)
            {
                throw new InvalidOperationException($"chunk {chunk}");
            }
        }
    }
}
