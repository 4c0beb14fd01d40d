using System.Text.Json.Serialization;

namespace Warmup.Bench;

/// <summary>The three loops of one workload of <see cref="TrainBenchmark.Run"/>.</summary>
/// <param name="Workload">Its short name (<see cref="TrainWorkload.Name"/>).</param>
/// <param name="Description">The model, for people.</param>
/// <param name="Data">Where its data came from.</param>
/// <param name="Parameters">The model's parameters.</param>
/// <param name="Steps">Steps per timed run.</param>
/// <param name="Loops">The timings, Warmup's AdamW first, then TorchSharp's, then no optimizer step.</param>
/// <param name="SpeedRatios">Warmup's AdamW steps/s over TorchSharp's AdamW steps/s in each round (the loops of a round run back to back).</param>
/// <param name="Breakdown">The phase breakdown, when asked for (else null, and left out of JSON).</param>
public sealed record TrainWorkloadReport(
    string Workload,
    string Description,
    string Data,
    long Parameters,
    int Steps,
    IReadOnlyList<TrainLoopTiming> Loops,
    IReadOnlyList<double> SpeedRatios,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrainBreakdown? Breakdown = null)
{
    /// <summary>Warmup AdamW steps/s over TorchSharp AdamW steps/s (best runs).</summary>
    public double Speedup => Loops[0].BestStepsPerSecond / Loops[1].BestStepsPerSecond;

    /// <summary>The smallest of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMin => SpeedRatios.Min();

    /// <summary>The median of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMedian => Statistics.Median(SpeedRatios);

    /// <summary>The largest of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMax => SpeedRatios.Max();

    /// <summary>The share of Warmup's AdamW step time spent beyond the model and loop alone: 1 - (no-step time / ours).</summary>
    public double OptimizerShareOurs => 1 - (Loops[0].BestMillisecondsPerStep is var ours && ours > 0 ? Loops[2].BestMillisecondsPerStep / ours : 1);

    /// <summary>The same share for TorchSharp's AdamW.</summary>
    public double OptimizerShareTorchSharp => 1 - (Loops[1].BestMillisecondsPerStep is var ts && ts > 0 ? Loops[2].BestMillisecondsPerStep / ts : 1);
}
