namespace Warmup.Bench;

/// <summary>The result of <see cref="TrainBenchmark.Run"/>.</summary>
/// <param name="Rounds">Timed rounds; each runs every loop of every workload once, interleaved.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="Threads">TorchSharp's intra-op threads.</param>
/// <param name="Malloc">The allocator's settings for the whole run (see <see cref="GlibcMalloc"/>).</param>
/// <param name="Workloads">Per workload, in the order asked for.</param>
public sealed record TrainBenchmarkReport(int Rounds, int BatchSize, int Threads, string Malloc, IReadOnlyList<TrainWorkloadReport> Workloads)
{
    /// <summary>The first workload's <see cref="TrainWorkloadReport.Speedup"/> (the 270 k-parameter MLP by default).</summary>
    public double Speedup => Workloads[0].Speedup;
}
