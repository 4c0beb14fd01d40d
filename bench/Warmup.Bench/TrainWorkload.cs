namespace Warmup.Bench;

/// <summary>A model that <see cref="TrainBenchmark"/> trains: the Fashion-MNIST MLP 784-h-h-10, batch 128.</summary>
/// <param name="Name">Short name, for <c>--workload</c> and JSON.</param>
/// <param name="MlpHidden">Units in each hidden layer.</param>
/// <param name="StepsDivisor">Its timed runs take the benchmark's steps divided by this (larger models take longer steps).</param>
public sealed record TrainWorkload(string Name, int MlpHidden, int StepsDivisor)
{
    /// <summary>784-256-256-10, about 270 k parameters: the optimizer is a small part of a step.</summary>
    public static TrainWorkload Small { get; } = new("mlp-256", 256, 1);

    /// <summary>784-2048-2048-10, about 5.8 M parameters: the optimizer moves 160 MB a step and matters more.</summary>
    public static TrainWorkload Large { get; } = new("mlp-2048", 2048, 5);

    /// <summary>Every workload, the default first.</summary>
    public static IReadOnlyList<TrainWorkload> All { get; } = [Small, Large];

    /// <summary>The model, for people.</summary>
    public string Model => $"MLP 784-{MlpHidden}-{MlpHidden}-10";

    /// <summary>Steps per timed run for the benchmark's <paramref name="steps"/>.</summary>
    /// <param name="steps">The benchmark's steps per run.</param>
    public int StepsFor(int steps) => Math.Max(1, steps / StepsDivisor);
}
