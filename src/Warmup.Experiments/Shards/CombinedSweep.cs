using Microsoft.Data.Sqlite;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>A temporary sweep database (<see cref="ShardMerge.Combine"/>), deleted when disposed.</summary>
public sealed class CombinedSweep : IDisposable
{
    internal CombinedSweep(string path)
    {
        Database = new SweepDatabase(path);
    }

    /// <summary>The combined runs.</summary>
    public SweepDatabase Database { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Database.Path + suffix);
        }
    }
}
