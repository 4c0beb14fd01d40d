using System.Runtime;

namespace Warmup.Torch.Tests.Support;

/// <summary>
/// Runs TorchSharp code we cannot fix (its built-in optimizers pass temporary Scalars' raw handles to libtorch, and a
/// finalizer can free one mid-call) where no garbage collection can happen: inside a no-GC region, one at a time.
/// Temporaries created inside cannot be finalized before the region ends, since only a collection finds them dead.
/// </summary>
internal static class Uninterrupted
{
    private const long Budget = 1L << 30; // other test classes allocate meanwhile
    private static readonly Lock Gate = new();

    /// <summary>
    /// A gen-0 collection that never falls inside a no-GC region of <see cref="Run"/> (an induced collection would end
    /// the region): what <c>GcStressTests</c>' collector thread runs, while other test classes run in parallel.
    /// </summary>
    public static void Collect()
    {
        lock (Gate)
        {
            GC.Collect(0);
        }

        GC.WaitForPendingFinalizers();
    }

    /// <summary>One step of a TorchSharp built-in optimizer (analyzer rule WU0002 lists their steps), with no GC possible.</summary>
    public static void Step(TorchSharp.torch.optim.Optimizer optimizer) => Run(() => optimizer.step());

    public static void Run(Action action)
    {
        lock (Gate)
        {
            if (!GC.TryStartNoGCRegion(Budget))
            {
                throw new InvalidOperationException("Could not start a no-GC region for a reference step.");
            }

            bool interrupted;
            try
            {
                action();
            }
            finally
            {
                interrupted = GCSettings.LatencyMode != GCLatencyMode.NoGCRegion;
                if (!interrupted)
                {
                    GC.EndNoGCRegion();
                }
            }

            if (interrupted)
            {
                throw new InvalidOperationException($"A collection ran inside the no-GC region (more than {Budget >> 20} MiB allocated): the reference step's result cannot be trusted.");
            }
        }
    }
}
