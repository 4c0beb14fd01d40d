namespace Warmup.Core.Threading;

/// <summary>
/// Work split into numbered chunks that may run in any order on any thread. Implementations must make
/// each chunk's result independent of which thread runs it, so results never depend on the thread count.
/// </summary>
internal abstract class ChunkedJob
{
    /// <summary>Runs chunk <paramref name="chunk"/> (0-based).</summary>
    /// <param name="chunk">The chunk index.</param>
    public abstract void Execute(int chunk);
}
