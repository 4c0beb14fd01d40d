using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>How far one shard is.</summary>
/// <param name="Index">The shard.</param>
/// <param name="Finished">Its runs finished (in any database of the folder).</param>
/// <param name="Total">Its runs.</param>
/// <param name="Missing">Its unfinished runs, in grid order.</param>
public sealed record ShardProgress(int Index, int Finished, int Total, IReadOnlyList<RunKey> Missing)
{
    /// <summary>Whether every run of the shard is finished.</summary>
    public bool Done => Finished == Total;
}
