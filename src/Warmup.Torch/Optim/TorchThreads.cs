using Warmup.Core.Threading;

namespace Warmup.Torch.Optim;

/// <summary>
/// Where the fused passes run: on as many threads as libtorch uses (<c>torch.get_num_threads()</c>, the lanes of the
/// chunk list), at most <c>maxThreads</c>: libtorch's own OpenMP threads where possible (see <see cref="OpenMpTeam"/>),
/// otherwise <see cref="ChunkRunner.Shared"/>; the caller alone for small jobs.
/// </summary>
internal static class TorchThreads
{
    /// <summary>Below this many elements a pass runs on the calling thread (starting other threads costs more).</summary>
    public const long ParallelThreshold = 1 << 16;

    /// <summary>Seals <paramref name="chunks"/> and runs every chunk through <paramref name="job"/>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="chunks">Its chunks, with one lane per libtorch thread.</param>
    /// <param name="maxThreads">Most threads to use.</param>
    /// <param name="lastChunkFirst">Take each lane's chunks last to first (see <see cref="ChunkList.Seal"/>).</param>
    public static void Run(ChunkedJob job, ChunkList chunks, int maxThreads, bool lastChunkFirst = false)
    {
        chunks.Seal(lastChunkFirst);
        if (chunks.Count == 0)
        {
            return;
        }

        int threads = chunks.Elements < ParallelThreshold ? 1 : Math.Min(maxThreads, chunks.Lanes);
        if (threads == 1 || !OpenMpTeam.TryRun(job, chunks.LaneEnds, threads))
        {
            ChunkRunner.Shared.RunLanes(job, chunks.LaneEnds, threads);
        }
    }
}
