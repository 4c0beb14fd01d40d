using Warmup.Experiments.Training;

namespace Warmup.Bench;

/// <summary>A model with its data that <see cref="TrainBenchmark"/> trains (a task of the trainer, batch 128).</summary>
/// <param name="Name">Short name, for <c>--workload</c> and JSON.</param>
/// <param name="Model">The model, for people.</param>
/// <param name="Task">The trainer's task (<see cref="TrainSettings.Tasks"/>).</param>
/// <param name="StepsDivisor">Its timed runs take the benchmark's steps divided by this (larger models take longer steps).</param>
/// <param name="MlpHidden">Units in each hidden layer of the fmnist-mlp task.</param>
public sealed record TrainWorkload(string Name, string Model, string Task, int StepsDivisor, int MlpHidden = TrainSettings.DefaultMlpHidden)
{
    /// <summary>Fashion-MNIST, 784-256-256-10, about 270 k parameters: the optimizer is a small part of a step.</summary>
    public static TrainWorkload Small { get; } = new("mlp-256", "MLP 784-256-256-10", "fmnist-mlp", 1);

    /// <summary>
    /// Fortunes by file with a fastText-style bag of hashed n-grams, 5.2 M parameters in a 2^17 x 40 embedding table:
    /// forward and backward read few of its rows, every step updates all of them, so the optimizer matters most.
    /// </summary>
    public static TrainWorkload Embedding { get; } = new("fortunes-bow", "fastText-style bag of n-grams, 131072 x 40 table", "fortunes-bow", 2);

    /// <summary>
    /// Fashion-MNIST, 784-2048-2048-10, about 5.8 M parameters: the optimizer moves 160 MB a step, but the matrix
    /// products of forward and backward cost far more.
    /// </summary>
    public static TrainWorkload Large { get; } = new("mlp-2048", "MLP 784-2048-2048-10", "fmnist-mlp", 5, 2048);

    /// <summary>Every workload.</summary>
    public static IReadOnlyList<TrainWorkload> All { get; } = [Small, Embedding, Large];

    /// <summary>The workloads timed unless others are asked for: the small MLP first, then the embedding model.</summary>
    public static IReadOnlyList<TrainWorkload> Defaults { get; } = [Small, Embedding];

    /// <summary>Steps per timed run for the benchmark's <paramref name="steps"/>.</summary>
    /// <param name="steps">The benchmark's steps per run.</param>
    public int StepsFor(int steps) => Math.Max(1, steps / StepsDivisor);
}
