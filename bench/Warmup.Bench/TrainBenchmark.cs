using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// Training-loop speed on the Fashion-MNIST MLP (784-256-256-10, batch 128, diagnostics off): the same model, data and
/// seed with Warmup's AdamW, TorchSharp's built-in AdamW (both lr 1e-3, weight decay 0.01) and no optimizer step at
/// all, which is what the model's forward and backward passes and the loop cost by themselves. Rounds are interleaved
/// so that the three see the same machine state; each is timed over the loop only (no data loading or evaluation).
/// </summary>
public static class TrainBenchmark
{
    /// <summary>The three loops, in the order they run in each round.</summary>
    public static IReadOnlyList<string> Loops { get; } = ["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"];

    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="steps"/> steps of each loop.</summary>
    /// <param name="steps">Steps per timed run.</param>
    /// <param name="rounds">Timed runs of each loop (one untimed warm-up round comes first).</param>
    /// <param name="data">Fashion-MNIST folder, or null to search (see <see cref="Warmup.Experiments.Data.FashionMnist.Load"/>).</param>
    /// <param name="progress">Receives a line before each run.</param>
    public static TrainBenchmarkReport Run(int steps = 500, int rounds = 3, string? data = null, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var settings = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), Steps = steps, DiagnoseEvery = 0, DataFolder = data, WeightDecay = 0.01, DecoupledWeightDecay = true };
        Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>[] factories =
        [
            p => new Warmup.Optim.AdamW(p, new Warmup.Optim.AdamOptions { LearningRate = 1e-3, WeightDecay = 0.01 }),
            p => optim.AdamW(p, lr: 1e-3, weight_decay: 0.01),
            p => new NoStepOptimizer(p),
        ];
        var seconds = Loops.Select(_ => new List<double>()).ToArray();
        var losses = new double?[Loops.Count];
        string note = string.Empty;
        for (int round = 0; round <= rounds; round++)
        {
            for (int i = 0; i < Loops.Count; i++)
            {
                progress?.Report(round == 0 ? $"warm-up: {Loops[i]}" : $"round {round} of {rounds}: {Loops[i]}");
                var result = Trainer.Run(round == 0 ? settings with { Steps = Math.Min(steps, 50) } : settings, optimizerFactory: factories[i]);
                if (round > 0)
                {
                    seconds[i].Add(result.LoopSeconds);
                    losses[i] = result.FinalTrainLoss;
                    note = result.DataNote;
                }
            }
        }

        return new TrainBenchmarkReport(
            steps,
            settings.EffectiveBatchSize,
            get_num_threads(),
            note,
            Loops.Select((name, i) => new TrainLoopTiming(name, seconds[i], steps, losses[i])).ToList());
    }
}
