namespace Warmup.Bench;

/// <summary>Step times of one optimizer on one workload, ours against TorchSharp's built-in, with the triad timed alongside.</summary>
/// <param name="Optimizer">adam, adamw or radam.</param>
/// <param name="Workload">The workload's name.</param>
/// <param name="Elements">Parameters updated per step.</param>
/// <param name="OursMilliseconds">Median ms per step of Warmup's fused optimizer.</param>
/// <param name="TorchSharpMilliseconds">Median ms per step of TorchSharp's built-in optimizer.</param>
/// <param name="OursBestMilliseconds">Fastest of our steps.</param>
/// <param name="TorchSharpBestMilliseconds">Fastest of TorchSharp's steps.</param>
/// <param name="OursGigabytesPerSecond">Our best achieved memory traffic: 7 float32 streams (read p, g, m, v; write p, m, v) per element.</param>
/// <param name="TriadGigabytesPerSecond">Best STREAM-triad bandwidth, timed interleaved with these steps.</param>
/// <param name="InPlaceGigabytesPerSecond">Best in-place a += s * b bandwidth, timed interleaved with these steps.</param>
/// <param name="GuardedMilliseconds">Median ms per step of ours with the non-finite guard on (<c>SkipNonFiniteSteps</c>).</param>
/// <param name="PreviewingMilliseconds">Median ms per step of ours with StableAdamW's update clipping as published, whose current-step statistics need a read-only pass over p, g, m, v before the step.</param>
/// <param name="ReducingMilliseconds">Median ms per step of ours with a stateful rule on every tensor (update clipping), so that the pass also reduces the statistics.</param>
public sealed record OptimizerTiming(
    string Optimizer,
    string Workload,
    long Elements,
    double OursMilliseconds,
    double TorchSharpMilliseconds,
    double OursBestMilliseconds,
    double TorchSharpBestMilliseconds,
    double OursGigabytesPerSecond,
    double TriadGigabytesPerSecond,
    double InPlaceGigabytesPerSecond,
    double GuardedMilliseconds,
    double ReducingMilliseconds,
    double PreviewingMilliseconds)
{
    /// <summary>The non-finite guard's cost: guarded median over plain median, minus 1.</summary>
    public double GuardCost => (GuardedMilliseconds / OursMilliseconds) - 1;

    /// <summary>The reducing pass's cost: its median over the plain median, minus 1.</summary>
    public double ReductionCost => (ReducingMilliseconds / OursMilliseconds) - 1;

    /// <summary>The read-only pass's cost: previewing median / plain median - 1.</summary>
    public double PreviewCost => (PreviewingMilliseconds / OursMilliseconds) - 1;

    /// <summary>TorchSharp's median step time over ours.</summary>
    public double Speedup => TorchSharpMilliseconds / OursMilliseconds;

    /// <summary>Our best bandwidth over the best triad bandwidth of the same time window.</summary>
    public double BandwidthFraction => OursGigabytesPerSecond / TriadGigabytesPerSecond;

    /// <summary>Our best bandwidth over the best in-place a += s * b bandwidth of the same time window.</summary>
    public double InPlaceBandwidthFraction => OursGigabytesPerSecond / InPlaceGigabytesPerSecond;
}
