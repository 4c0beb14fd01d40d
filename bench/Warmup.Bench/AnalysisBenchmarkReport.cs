namespace Warmup.Bench;

/// <summary>The result of <see cref="AnalysisBenchmark.Run"/>.</summary>
/// <param name="Parameters">Simulated parameters.</param>
/// <param name="Iterations">Iterations.</param>
/// <param name="Threads">Threads of our multi-threaded runs.</param>
/// <param name="OursSeconds">Our wall times, all threads, one per run.</param>
/// <param name="OursOneThreadSeconds">Our wall time on one thread.</param>
/// <param name="OursMedianAt40">Our median |update|/lr at iteration 40.</param>
/// <param name="NumPySeconds">The NumPy script's time, or null when NumPy is not available.</param>
/// <param name="NumPyMedianAt40">NumPy's median at iteration 40 (its own random numbers).</param>
/// <param name="NumPyNote">Why NumPy did not run, or its version.</param>
public sealed record AnalysisBenchmarkReport(
    int Parameters,
    int Iterations,
    int Threads,
    IReadOnlyList<double> OursSeconds,
    double OursOneThreadSeconds,
    double OursMedianAt40,
    double? NumPySeconds,
    double? NumPyMedianAt40,
    string NumPyNote)
{
    /// <summary>Our best time.</summary>
    public double OursBestSeconds => OursSeconds.Min();

    /// <summary>NumPy's time over our best, when NumPy ran.</summary>
    public double? Speedup => NumPySeconds / OursBestSeconds;
}
