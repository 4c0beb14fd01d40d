using System.Diagnostics;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// Training-loop speed on the Fashion-MNIST MLP (784-256-256-10, batch 128, diagnostics off): the same model, data and
/// seed with Warmup's AdamW, TorchSharp's built-in AdamW (both lr 1e-3, weight decay 0.01) and no optimizer step at
/// all, which is what the model's forward and backward passes and the loop cost by themselves. Rounds are interleaved
/// so that the three see the same machine state; each is timed over the loop only (no data loading or evaluation).
/// With the breakdown, every step's phases are timed as well (<see cref="LoopTimer"/>), and after each run the
/// optimizer's step is timed again on its own (<see cref="LoopBreakdown.IsolatedStepMilliseconds"/>).
/// </summary>
public static class TrainBenchmark
{
    /// <summary>The fewest rounds of a breakdown: its spread over rounds means little with fewer.</summary>
    public const int MinBreakdownRounds = 5;

    /// <summary>The three loops, in the order they run in each round.</summary>
    public static IReadOnlyList<string> Loops { get; } = ["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"];

    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="steps"/> steps of each loop.</summary>
    /// <param name="steps">Steps per timed run.</param>
    /// <param name="rounds">Timed runs of each loop (one untimed warm-up round comes first); at least <see cref="MinBreakdownRounds"/> with <paramref name="breakdown"/>.</param>
    /// <param name="data">Fashion-MNIST folder, or null to search (see <see cref="Warmup.Experiments.Data.FashionMnist.Load"/>).</param>
    /// <param name="progress">Receives a line before each run.</param>
    /// <param name="breakdown">Also time each step's phases, and each optimizer's step outside the loop (<paramref name="steps"/> steps after each timed run).</param>
    public static TrainBenchmarkReport Run(int steps = 500, int rounds = 3, string? data = null, IProgress<string>? progress = null, bool breakdown = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, breakdown ? MinBreakdownRounds : 1);
        var settings = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), Steps = steps, DiagnoseEvery = 0, DataFolder = data, WeightDecay = 0.01, DecoupledWeightDecay = true };
        Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>[] factories =
        [
            p => new Warmup.Optim.AdamW(p, new Warmup.Optim.AdamOptions { LearningRate = 1e-3, WeightDecay = 0.01 }),
            p => optim.AdamW(p, lr: 1e-3, weight_decay: 0.01),
            p => new NoStepOptimizer(p),
        ];
        bool[] hasStep = [true, true, false];
        var seconds = Loops.Select(_ => new List<double>()).ToArray();
        var losses = new double?[Loops.Count];
        var timers = Loops.Select(_ => new List<LoopTimer>()).ToArray();
        var isolated = Loops.Select(_ => new List<double>()).ToArray();
        string note = string.Empty;
        for (int round = 0; round <= rounds; round++)
        {
            for (int i = 0; i < Loops.Count; i++)
            {
                progress?.Report(round == 0 ? $"warm-up: {Loops[i]}" : $"round {round} of {rounds}: {Loops[i]}");
                LoopTimer? timer = null;
                if (breakdown && round > 0)
                {
                    timer = new LoopTimer { AfterTraining = hasStep[i] ? IsolatedSteps(steps, isolated[i]) : null };
                    timers[i].Add(timer);
                }

                var result = Trainer.Run(round == 0 ? settings with { Steps = Math.Min(steps, 50) } : settings, optimizerFactory: factories[i], timer: timer);
                if (round > 0)
                {
                    seconds[i].Add(result.LoopSeconds);
                    losses[i] = result.FinalTrainLoss;
                    note = result.DataNote;
                }
            }
        }

        var breakdownReport = breakdown
            ? new TrainBreakdown(
                rounds,
                steps,
                Loops.Select((name, i) => LoopBreakdown.From(name, timers[i], isolated[i])).ToList(),
                seconds[0].Zip(seconds[1], (ours, torchSharp) => torchSharp / ours).ToList())
            : null;
        return new TrainBenchmarkReport(
            steps,
            settings.EffectiveBatchSize,
            get_num_threads(),
            note,
            Loops.Select((name, i) => new TrainLoopTiming(name, seconds[i], steps, losses[i])).ToList(),
            breakdownReport);
    }

    // After a run (its final loss already computed): the same optimizer steps the same parameters `count` times more
    // with the last step's gradients, each step timed.
    private static Action<IReadOnlyList<TorchSharp.Modules.Parameter>, optim.Optimizer> IsolatedSteps(int count, List<double> milliseconds) => (_, optimizer) =>
    {
        for (int k = 0; k < count; k++)
        {
            long start = Stopwatch.GetTimestamp();
            optimizer.step();
            milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    };
}
