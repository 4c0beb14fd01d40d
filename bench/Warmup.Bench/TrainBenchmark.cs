using System.Diagnostics;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// Training-loop speed on the trainer's tasks (<see cref="TrainWorkload"/>; batch 128, diagnostics off): the same
/// model, data and seed with Warmup's AdamW, TorchSharp's built-in AdamW (both lr 1e-3, weight decay 0.01) and no
/// optimizer step at all, which is what the model's forward and backward passes and the loop cost by themselves.
/// Rounds are interleaved, each starting with the next loop in turn, so that the loops see the same machine state; each run is timed over the loop only (no data
/// loading or evaluation). With the breakdown, every step's phases are timed as well (<see cref="LoopTimer"/>), and
/// after each run the optimizer's step is timed again on its own and right after forward passes
/// (<see cref="LoopBreakdown"/>).
/// </summary>
public static class TrainBenchmark
{
    /// <summary>The fewest rounds of a breakdown: its spread over rounds means little with fewer.</summary>
    public const int MinBreakdownRounds = 5;

    /// <summary>Rounds unless asked otherwise: the best of five runs of a loop varies less than the best of three on a shared VM.</summary>
    public const int DefaultRounds = 5;

    /// <summary>The three loops, in the order they run in each round.</summary>
    public static IReadOnlyList<string> Loops { get; } = ["Warmup AdamW", "TorchSharp AdamW", "no optimizer step"];

    /// <summary>Runs <paramref name="rounds"/> rounds of every loop of every workload.</summary>
    /// <param name="steps">Steps per timed run (divided by each workload's <see cref="TrainWorkload.StepsDivisor"/>).</param>
    /// <param name="rounds">Timed runs of each loop (one short untimed warm-up round comes first); at least <see cref="MinBreakdownRounds"/> with <paramref name="breakdown"/>.</param>
    /// <param name="data">Fashion-MNIST folder, or null to search (see <see cref="Warmup.Experiments.Data.FashionMnist.Load"/>).</param>
    /// <param name="progress">Receives a line before each run.</param>
    /// <param name="breakdown">Also time each step's phases, and each optimizer's step outside the loop (as many steps as the run had, each way, after each timed run).</param>
    /// <param name="workloads">The models, default <see cref="TrainWorkload.Defaults"/>.</param>
    /// <param name="defaultMalloc">Keep glibc's adaptive allocation thresholds instead of fixing them (see <see cref="GlibcMalloc"/>) for the rest of the process.</param>
    public static TrainBenchmarkReport Run(
        int steps = 500, int rounds = DefaultRounds, string? data = null, IProgress<string>? progress = null, bool breakdown = false, IReadOnlyList<TrainWorkload>? workloads = null,
        bool defaultMalloc = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, breakdown ? MinBreakdownRounds : 1);
        workloads ??= TrainWorkload.Defaults;
        ArgumentOutOfRangeException.ThrowIfZero(workloads.Count, nameof(workloads));
        // The loops as methods of their own (not registered for sweeps): each run is labelled with the optimizer it used.
        MethodDefinition[] methods =
        [
            new("warmup-adamw", MethodArgument.None, (p, h, _) => new Warmup.Torch.Optim.AdamW(p, new Warmup.Torch.Optim.AdamOptions { LearningRate = h.LearningRate, WeightDecay = h.WeightDecay })),
            new("torchsharp-adamw", MethodArgument.None, (p, h, _) => optim.AdamW(p, lr: h.LearningRate, weight_decay: h.WeightDecay)),
            new("no-step", MethodArgument.None, (p, _, _) => new NoStepOptimizer(p)),
        ];
        string malloc = defaultMalloc ? "the allocator's defaults" : GlibcMalloc.KeepLargeBlocks();
        var runs = workloads.Select(w => new WorkloadRuns(w, steps, data)).ToList();
        for (int round = 0; round <= rounds; round++)
        {
            foreach (var w in runs)
            {
                // Each round starts with another loop, so that no loop always runs first (after the other workload).
                for (int k = 0; k < Loops.Count; k++)
                {
                    int i = (k + round) % Loops.Count;
                    string what = $"{w.Workload.Name}, {Loops[i]}";
                    progress?.Report(round == 0 ? $"warm-up: {what}" : $"round {round} of {rounds}: {what}");
                    w.Run(round, i, methods[i], timed: round > 0, breakdown);
                }
            }
        }

        return new TrainBenchmarkReport(rounds, runs[0].Settings.EffectiveBatchSize, get_num_threads(), malloc, runs.Select(w => w.Report(breakdown)).ToList());
    }

    // The timed runs of one workload's loops.
    private sealed class WorkloadRuns(TrainWorkload workload, int steps, string? data)
    {
        private readonly List<double>[] _seconds = Loops.Select(_ => new List<double>()).ToArray();
        private readonly double?[] _losses = new double?[Loops.Count];
        private readonly List<LoopTimer>[] _timers = Loops.Select(_ => new List<LoopTimer>()).ToArray();
        private readonly List<double>[] _isolated = Loops.Select(_ => new List<double>()).ToArray();
        private readonly List<double>[] _afterForward = Loops.Select(_ => new List<double>()).ToArray();

        public TrainWorkload Workload => workload;

        public TrainSettings Settings { get; } = new()
        {
            Task = workload.Task, Method = MethodSpec.Parse("adam"), Steps = workload.StepsFor(steps), DiagnoseEvery = 0, DataFolder = data,
            WeightDecay = 0.01, DecoupledWeightDecay = true, MlpHidden = workload.MlpHidden,
        };

        public string DataNote { get; private set; } = string.Empty;

        // Counted on the model the runs trained.
        public long Parameters { get; private set; }

        public void Run(int round, int loop, MethodDefinition method, bool timed, bool breakdown)
        {
            LoopTimer? timer = null;
            if (breakdown && timed)
            {
                bool hasStep = loop < 2;
                timer = new LoopTimer { AfterTraining = hasStep ? StepTimings(Settings.Steps, _isolated[loop], _afterForward[loop]) : null };
                _timers[loop].Add(timer);
            }

            var counted = method with
            {
                Create = (parameters, h, argument) =>
                {
                    var list = parameters.ToList();
                    Parameters = list.Sum(p => p.numel());
                    return method.Create(list, h, argument);
                },
            };
            var settings = Settings with { Method = new MethodSpec(counted) };
            var result = Trainer.Run(timed ? settings : settings with { Steps = Math.Min(Settings.Steps, 20) }, timer: timer);
            if (timed)
            {
                _seconds[loop].Add(result.LoopSeconds);
                _losses[loop] = result.FinalTrainLoss;
                DataNote = result.DataNote;
            }
        }

        public TrainWorkloadReport Report(bool breakdown) => new(
            workload.Name,
            $"{workload.Model} ({Parameters:N0} parameters)",
            DataNote,
            Parameters,
            Settings.Steps,
            Loops.Select((name, i) => new TrainLoopTiming(name, _seconds[i], Settings.Steps, _losses[i])).ToList(),
            _seconds[0].Zip(_seconds[1], (ours, torchSharp) => torchSharp / ours).ToList(),
            breakdown ? new TrainBreakdown(Settings.Steps, Loops.Select((name, i) => LoopBreakdown.From(name, _timers[i], _isolated[i], _afterForward[i])).ToList()) : null);

        // After a run (its final loss already computed): the same optimizer steps the same parameters `count` times
        // with the last step's gradients, each step timed, then `count` times more, each right after a forward pass.
        private static Action<TrainedLoop> StepTimings(int count, List<double> isolated, List<double> afterForward) => loop =>
        {
            for (int k = 0; k < 2 * count; k++)
            {
                if (k >= count)
                {
                    loop.ForwardPass();
                }

                long start = Stopwatch.GetTimestamp();
                loop.Optimizer.step();
                (k < count ? isolated : afterForward).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        };
    }
}
