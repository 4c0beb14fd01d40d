namespace Warmup.Bench;

/// <summary>One state format on the roofline (<see cref="Roofline"/>).</summary>
/// <param name="Format">fp32, bf16 or int8.</param>
/// <param name="BytesPerParameter">Bytes a step moves per parameter.</param>
/// <param name="Milliseconds">The measured median step.</param>
/// <param name="ComputeMilliseconds">The step in cache, scaled: the compute limit.</param>
/// <param name="MemoryMilliseconds">The bytes at the in-place stream bandwidth: the memory limit.</param>
/// <param name="Bandwidth">That bandwidth, GB/s.</param>
public sealed record RooflinePoint(string Format, double BytesPerParameter, double Milliseconds, double ComputeMilliseconds, double MemoryMilliseconds, double Bandwidth)
{
    /// <summary>"compute" or "memory": the larger of the two limits.</summary>
    public string Limit => ComputeMilliseconds >= MemoryMilliseconds ? "compute" : "memory";
}
