namespace Warmup.Bench;

/// <summary>The phase breakdown of one workload of <see cref="TrainBenchmark.Run"/> (its <c>breakdown</c> option).</summary>
/// <param name="IsolatedSteps">Optimizer steps timed outside the loop, each way, after each timed run of a loop with an optimizer.</param>
/// <param name="Loops">Per loop, in the order of <see cref="TrainBenchmark.Loops"/>.</param>
public sealed record TrainBreakdown(int IsolatedSteps, IReadOnlyList<LoopBreakdown> Loops);
