namespace Warmup.Bench;

/// <summary>The timed runs of one training loop.</summary>
/// <param name="Loop">Which loop.</param>
/// <param name="Seconds">Loop wall time of each run.</param>
/// <param name="Steps">Steps per run.</param>
/// <param name="FinalTrainLoss">The last run's final training loss (the same for every run of a loop: same seed).</param>
public sealed record TrainLoopTiming(string Loop, IReadOnlyList<double> Seconds, int Steps, double? FinalTrainLoss)
{
    /// <summary>Steps per second of the fastest run.</summary>
    public double BestStepsPerSecond => Steps / Seconds.Min();

    /// <summary>Milliseconds per step of the fastest run.</summary>
    public double BestMillisecondsPerStep => 1000 * Seconds.Min() / Steps;

    /// <summary>Steps per second of the median run.</summary>
    public double MedianStepsPerSecond => Steps / Seconds.Order().ElementAt(Seconds.Count / 2);
}
