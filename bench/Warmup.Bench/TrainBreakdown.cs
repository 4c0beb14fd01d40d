namespace Warmup.Bench;

/// <summary>The phase breakdown of <see cref="TrainBenchmark.Run"/> (its <c>breakdown</c> option).</summary>
/// <param name="Rounds">Timed rounds; each runs every loop once, interleaved.</param>
/// <param name="IsolatedSteps">Isolated optimizer steps after each timed run of a loop with an optimizer.</param>
/// <param name="Loops">Per loop, in the order of <see cref="TrainBenchmark.Loops"/>.</param>
/// <param name="SpeedRatios">Warmup's AdamW steps/s over TorchSharp's AdamW steps/s in each round (whole loops).</param>
public sealed record TrainBreakdown(int Rounds, int IsolatedSteps, IReadOnlyList<LoopBreakdown> Loops, IReadOnlyList<double> SpeedRatios)
{
    /// <summary>The smallest of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMin => SpeedRatios.Min();

    /// <summary>The median of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMedian => Statistics.Median(SpeedRatios);

    /// <summary>The largest of <see cref="SpeedRatios"/>.</summary>
    public double SpeedRatioMax => SpeedRatios.Max();
}
