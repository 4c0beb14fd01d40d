using System.Collections.Concurrent;
using Warmup.Core.Threading;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Native;

/// <summary>Jobs run on libtorch's OpenMP threads.</summary>
public class OpenMpTeamTests
{
    public OpenMpTeamTests()
    {
        using var warm = ones(4); // libtorch (and its libgomp) loaded before the team looks for it
    }

    [Fact]
    public void TheTeamIsFoundNextToLibtorchOnLinux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), OpenMpTeam.IsAvailable);
        if (OpenMpTeam.IsAvailable)
        {
            Assert.StartsWith("libgomp", Path.GetFileName(OpenMpTeam.Library), StringComparison.Ordinal);
        }
    }

    /// <summary>Two team threads: the caller starts on lane 0 and the other on lane 1 (each waits in its first chunk until both have started), and every chunk runs once.</summary>
    [Fact]
    public void EachTeamThreadStartsOnItsOwnLane()
    {
        Assert.SkipUnless(OpenMpTeam.IsAvailable, "libtorch's OpenMP runtime is used on Linux only");
        var job = new LaneJob(laneEnds: [3, 6], threads: 2);
        Assert.True(OpenMpTeam.TryRun(job, [3, 6], threads: 2));
        Assert.False(job.TimedOut);
        Assert.All(job.Counts, c => Assert.Equal(1, c));
        Assert.Equal(0, job.FirstChunkOf[Environment.CurrentManagedThreadId]);
        var other = Assert.Single(job.FirstChunkOf, kv => kv.Key != Environment.CurrentManagedThreadId);
        Assert.Equal(3, other.Value);
    }

    [Fact]
    public void AChunksExceptionReachesTheCallerAndTheTeamStaysUsable()
    {
        Assert.SkipUnless(OpenMpTeam.IsAvailable, "libtorch's OpenMP runtime is used on Linux only");
        var e = Assert.Throws<InvalidOperationException>(() => OpenMpTeam.TryRun(new ThrowingJob(5), [4, 8], threads: 2));
        Assert.Equal("chunk 5", e.Message);

        var job = new LaneJob(laneEnds: [50, 100], threads: 1);
        Assert.True(OpenMpTeam.TryRun(job, [50, 100], threads: 2));
        Assert.All(job.Counts, c => Assert.Equal(1, c));
    }

    /// <summary>A chunk that asks for the team while it is running gets false (and runs its nested job itself), not a deadlock or a corrupted run.</summary>
    [Fact]
    public void TheTeamIsNotReentered()
    {
        Assert.SkipUnless(OpenMpTeam.IsAvailable, "libtorch's OpenMP runtime is used on Linux only");
        var nested = new LaneJob(laneEnds: [2], threads: 1);
        var outer = new NestingJob(nested);
        Assert.True(OpenMpTeam.TryRun(outer, [1, 2], threads: 2));
        Assert.Equal([false, false], outer.NestedResults.OrderBy(r => r));
    }

    private sealed class LaneJob(int[] laneEnds, int threads) : ChunkedJob
    {
        public int[] Counts { get; } = new int[laneEnds[^1]];

        public ConcurrentDictionary<int, int> FirstChunkOf { get; } = new();

        public bool TimedOut { get; private set; }

        public override void Execute(int chunk)
        {
            Interlocked.Increment(ref Counts[chunk]);
            if (FirstChunkOf.TryAdd(Environment.CurrentManagedThreadId, chunk) &&
                !SpinWait.SpinUntil(() => FirstChunkOf.Count >= threads, TimeSpan.FromSeconds(10)))
            {
                TimedOut = true;
            }
        }
    }

    private sealed class NestingJob(ChunkedJob nested) : ChunkedJob
    {
        public ConcurrentBag<bool> NestedResults { get; } = [];

        public override void Execute(int chunk) => NestedResults.Add(OpenMpTeam.TryRun(nested, [2], threads: 2));
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
