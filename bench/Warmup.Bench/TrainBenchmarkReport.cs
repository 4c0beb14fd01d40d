using System.Text.Json.Serialization;

namespace Warmup.Bench;

/// <summary>The result of <see cref="TrainBenchmark.Run"/>.</summary>
/// <param name="Steps">Steps per timed run.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Threads">TorchSharp's intra-op threads.</param>
/// <param name="Data">Where the data came from.</param>
/// <param name="Loops">The timings, Warmup's AdamW first, then TorchSharp's, then no optimizer step.</param>
/// <param name="Breakdown">The phase breakdown, when asked for (else null, and left out of JSON).</param>
public sealed record TrainBenchmarkReport(
    int Steps,
    int BatchSize,
    int Threads,
    string Data,
    IReadOnlyList<TrainLoopTiming> Loops,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrainBreakdown? Breakdown = null)
{
    /// <summary>Warmup AdamW steps/s over TorchSharp AdamW steps/s (best runs).</summary>
    public double Speedup => Loops[0].BestStepsPerSecond / Loops[1].BestStepsPerSecond;

    /// <summary>The share of Warmup's AdamW step time spent beyond the model and loop alone: 1 - (no-step time / ours).</summary>
    public double OptimizerShareOurs => 1 - (Loops[0].BestMillisecondsPerStep is var ours && ours > 0 ? Loops[2].BestMillisecondsPerStep / ours : 1);

    /// <summary>The same share for TorchSharp's AdamW.</summary>
    public double OptimizerShareTorchSharp => 1 - (Loops[1].BestMillisecondsPerStep is var ts && ts > 0 ? Loops[2].BestMillisecondsPerStep / ts : 1);
}
