namespace Warmup.Bench;

/// <summary>The result of <see cref="OptimizerBenchmark.Run"/>.</summary>
/// <param name="Threads">Threads used by the fused steps and the triad.</param>
/// <param name="Timings">Every optimizer on every workload.</param>
/// <param name="Formats">AdamW with each low-bit state format on every workload.</param>
public sealed record OptimizerBenchmarkReport(int Threads, IReadOnlyList<OptimizerTiming> Timings, IReadOnlyList<StateFormatTiming> Formats)
{
    /// <summary>
    /// Format (bf16, int8) to workload (16M, model) to its figures: median ms, the float32-state median over it, and the
    /// state's bytes in the format and in float32 (measured from the tensors).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, StateFormatFigures>> StateFormats =>
        Formats.GroupBy(f => f.Name).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, StateFormatFigures>)g.ToDictionary(f => f.Workload, f => new StateFormatFigures(f.Milliseconds, f.SpeedupVsFloat32, f.StateBytes, f.StateBytesFloat32)));

    /// <summary>Optimizer name to TorchSharp's median ms / our median ms, on the 16M workload.</summary>
    public IReadOnlyDictionary<string, double> Speedup => Large.ToDictionary(t => t.Optimizer, t => t.Speedup);

    /// <summary>Optimizer name to our best bandwidth / the triad's best bandwidth in the same window, on the 16M workload.</summary>
    public IReadOnlyDictionary<string, double> BandwidthFraction => Large.ToDictionary(t => t.Optimizer, t => t.BandwidthFraction);

    /// <summary>Optimizer name to our best bandwidth / the in-place a += s * b's best in the same window, on the 16M workload.</summary>
    public IReadOnlyDictionary<string, double> InPlaceBandwidthFraction => Large.ToDictionary(t => t.Optimizer, t => t.InPlaceBandwidthFraction);

    /// <summary>Optimizer name to the non-finite guard's cost (guarded median / plain median - 1), on the 16M workload.</summary>
    public IReadOnlyDictionary<string, double> NonFiniteGuardCost => Large.ToDictionary(t => t.Optimizer, t => t.GuardCost);

    /// <summary>The best triad bandwidth seen in the whole run, GB/s.</summary>
    public double TriadGigabytesPerSecond => Timings.Max(t => t.TriadGigabytesPerSecond);

    private IEnumerable<OptimizerTiming> Large => Timings.Where(t => t.Workload == Workload.Large.Name);
}
