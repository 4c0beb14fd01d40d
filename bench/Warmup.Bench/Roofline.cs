using Warmup.Reports;

namespace Warmup.Bench;

/// <summary>
/// Where each state format's step sits against this machine's two limits, on the 16M workload: the memory limit (bytes
/// moved per parameter at the in-place stream bandwidth measured in the same run) and the compute limit (the format's
/// step on a tensor that stays in cache, scaled to 16M), with the measured step beside them.
/// </summary>
public static class Roofline
{
    /// <summary>The rows of the figure, one per format, fewest bytes first.</summary>
    /// <param name="report">A benchmark run.</param>
    public static IReadOnlyList<RooflinePoint> Points(OptimizerBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var large = report.Formats.Where(f => f.Workload == Workload.Large.Name).ToList();
        if (large.Count == 0)
        {
            return [];
        }

        double bandwidth = report.Timings.Max(t => t.InPlaceGigabytesPerSecond);
        double Memory(double bytes) => bytes * large[0].Elements / (bandwidth * 1e9) * 1e3;
        var fp32 = large[0];
        var points = large.Select(f => new RooflinePoint(f.Name, f.BytesPerParameter, f.Milliseconds, f.ComputeMilliseconds, Memory(f.BytesPerParameter), bandwidth)).ToList();
        points.Add(new RooflinePoint("fp32", StateFormatTiming.BytesMoved(Core.Updates.StateFormat.Float32), fp32.Float32Milliseconds, fp32.Float32ComputeMilliseconds, Memory(StateFormatTiming.BytesMoved(Core.Updates.StateFormat.Float32)), bandwidth));
        return [.. points.OrderBy(p => p.BytesPerParameter)];
    }

    /// <summary>Saves the figure as PNG.</summary>
    /// <param name="path">The file.</param>
    /// <param name="report">A benchmark run.</param>
    public static void Save(string path, OptimizerBenchmarkReport report)
    {
        var points = Points(report);
        if (points.Count == 0)
        {
            throw new InvalidOperationException("The run has no state-format timings on the 16M workload.");
        }

        double[] x = [.. points.Select(p => p.BytesPerParameter)];
        LineChart.Save(
            path,
            $"AdamW step on 16M parameters by state format ({string.Join(", ", points.Select(p => $"{p.Format} {p.BytesPerParameter:0.#} B"))}), {report.Threads} threads",
            "bytes moved per parameter",
            "ms per step",
            [
                new Series("measured step (median)", x, [.. points.Select(p => p.Milliseconds)]),
                new Series("compute limit (the step in cache, scaled)", x, [.. points.Select(p => p.ComputeMilliseconds)], Dashed: true),
                new Series($"memory limit ({points[0].Bandwidth:F0} GB/s in-place stream)", x, [.. points.Select(p => p.MemoryMilliseconds)], Dashed: true),
            ]);
    }
}
