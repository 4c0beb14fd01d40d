using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;

namespace Warmup.Reproduction;

/// <summary>The sweeps of a reproduction at each scale.</summary>
public static class ReproductionPlan
{
    private static readonly string[] Core = ["adam", "untuned-linear", "untuned-exp", "radam"];
    private static readonly string[] Controls = ["adam+radam-warmup", "adam-2k:500", "adam-eps", "sgd"];
    private static readonly string[] Beyond = ["gi-adam", "adam+update-clip"];
    private static readonly string[] FirstSteps = ["adam+radam-warmup:zero", "adam+radam-warmup:constant", "adam+radam-warmup:linear"];
    private static readonly double[] LearningRates = [1e-3, 3e-3, 1e-2, 3e-2];

    // Dynamic warmup's two ramp controls: a fixed linear ramp with its measured effective period on the char LM (182
    // steps, the mean over its 24 post-LN runs: tau = 365), and its own ramp ungated, reaching the full rate where it did (step 232).
    private static readonly string[] Ramps = ["adam+linear:365", "geometric"];
    private static readonly string[] Sensitivity = [.. Core, "dynamic", .. Ramps];

    // The published comparators: GI-Adam with Adam's bias correction (Kalra & Barkeshli's text; gi-adam is the other
    // reading), with StableAdamW's clipping, and StableAdamW on the current step (Wortsman et al.) with and without warmup.
    private static readonly string[] Published = ["gi-adam-bc", "gi-adam-bc+stable", "stable-adamw", "stable-adamw+untuned-linear"];

    // Adam-2k with K at Liu et al.'s share of training: 2,000 v-only updates before 70,000 (LiyuanLucasLiu/RAdam,
    // nmt/recipes.md: --adam-freeze 2000 --max-update 72000), 1/35 of the run: 57 of 2,000 steps.
    private const string LiuAdam2k = "adam-2k:57";

    // Learning-rate sensitivity (Wortsman et al. 2023): the rates between and beyond LearningRates, 1e-3 to 1e-1.
    private static readonly double[] MoreRates = [2e-3, 5e-3, 2e-2, 5e-2, 1e-1];
    private static readonly double[] LmBeta2s = [0.99, 0.998];
    private static readonly int[] Seeds = [1, 2, 3];

    // Optimizer state precision: AdamW with float32, bfloat16 and 8-bit moments, at a rate where Adam does well and one
    // where it needs warmup (there also with untuned linear warmup), on the three tasks.
    private static readonly string[] Precision = ["adamw", "adamw-bf16", "adamw-8bit"];
    private static readonly string[] PrecisionWarmup = ["adamw+untuned-linear", "adamw-bf16+untuned-linear", "adamw-8bit+untuned-linear"];
    private const int CnnSteps = 500;

    /// <summary>The sweeps, in order, for <paramref name="scale"/>.</summary>
    /// <param name="scale">The scale.</param>
    /// <param name="data">Fashion-MNIST folder, or null to search.</param>
    /// <param name="text">Text files for the language model, or null for the default corpus.</param>
    public static IReadOnlyList<SweepSpec> For(ReproductionScale scale, string? data = null, IReadOnlyList<string>? text = null)
    {
        var mlp = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), DataFolder = data };
        var cnn = new TrainSettings { Task = "fmnist-cnn", Method = MethodSpec.Parse("adam"), DataFolder = data };
        var lm = new TrainSettings { Task = "charlm", Method = MethodSpec.Parse("adam"), TextFiles = text, Width = 64, Layers = 2, Context = 64, PreNorm = false };
        return scale switch
        {
            ReproductionScale.Tiny =>
            [
                new(mlp with { Steps = 20, DiagnoseEvery = 10 }, Methods("adam", "untuned-linear"), [1e-3], [0.99], [1]),
                new(lm with { Steps = 10, Width = 32, Context = 32, BatchSize = 8, DiagnoseEvery = 10, ProbeExamples = 4 }, Methods("adam"), [1e-3], [0.99], [1]),
            ],
            // A few minutes: the language model at a rate where Adam without warmup does well in a short run (3e-3)
            // and one where it fails and the warmups do not (3e-2), with dynamic warmup beside them.
            ReproductionScale.Default =>
            [
                new(mlp with { Steps = 500 }, Methods(Core), [1e-3, 1e-2], [0.99], [1, 2]),
                new(lm with { Steps = 300 }, Methods([.. Core, "dynamic"]), [3e-3, 3e-2], [0.99], [1, 2]),
            ],
            // Runs last several warmup periods where the budget allows: the MLP 4,000 steps (8.5 epochs; untuned linear
            // warmup lasts 200 or 2,000 steps), the language model 2,000 steps with beta2 up to 0.998 (1,000 steps).
            // The sweeps after the first three extend the same runs (same settings and seeds, so the same initial
            // weights) to the language model's open questions: the methods beyond the papers (dynamic:0 is dynamic's
            // ungated control), Liu et al.'s 3.1 controls where Adam fails (adam-2k's K keeps the MLP's share of the
            // run, 1/8), RAdam's first four steps, pre-LN at the failing rate, and Liu et al.'s Fig. 6 on the CNN
            // (500 steps, about one epoch: its runs cost ~0.06 s a step with diagnostics, 12 s to load and test), and
            // optimizer state precision, before the longest-running extensions (beta2 0.999 on the LM, 10 seeds, 6,000 steps).
            _ =>
            [
                new(mlp with { Steps = 4000 }, Methods(Core), LearningRates, [0.99, 0.999], Seeds),
                new(mlp with { Steps = 4000 }, Methods(Controls), LearningRates, [0.999], [1, 2]),
                new(lm with { Steps = 2000 }, Methods(Core), LearningRates, LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods("dynamic"), LearningRates, LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods("dynamic:0"), [3e-2], LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(Beyond), LearningRates, LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods("adam-2k:250", "adam-eps"), [1e-2, 3e-2], LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(FirstSteps), [3e-2], LmBeta2s, Seeds),
                new(lm with { Steps = 2000, PreNorm = true }, Methods("adam", "untuned-linear", "radam", "dynamic"), [3e-2], LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(Ramps), LearningRates, LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(Published), LearningRates, LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(LiuAdam2k), [1e-2, 3e-2], LmBeta2s, Seeds),
                new(lm with { Steps = 2000 }, Methods(Sensitivity), MoreRates, LmBeta2s, Seeds),
                new(mlp with { Steps = 4000 }, Methods(Precision), [1e-3, 3e-2], [0.999], Seeds),
                new(cnn with { Steps = CnnSteps }, Methods(Precision), [3e-3, 3e-2], [0.999], Seeds),
                new(cnn with { Steps = CnnSteps }, Methods(PrecisionWarmup), [3e-2], [0.999], Seeds),
                new(lm with { Steps = 2000 }, Methods(Precision), [1e-3, 3e-2], [0.99], Seeds),
                new(lm with { Steps = 2000 }, Methods(PrecisionWarmup), [3e-2], [0.99], Seeds),
                new(lm with { Steps = 2000 }, Methods(Sensitivity), [1e-3, 1e-2, 3e-2], [0.999], Seeds),
                new(lm with { Steps = 2000 }, Methods([.. Core, "dynamic", "geometric"]), [1e-3, 3e-2], LmBeta2s, [4, 5, 6, 7, 8, 9, 10]),
                new(lm with { Steps = 6000 }, Methods("adam", "untuned-linear", "dynamic"), [1e-3], [0.998, 0.999], Seeds),
                new(cnn with { Steps = CnnSteps }, Methods("adam", "untuned-linear", "radam", "sgd"), [1e-1, 3e-2, 1e-2, 3e-3], [0.999], Seeds),
            ],
        };
    }

    private static List<MethodSpec> Methods(params string[] names) => names.Select(MethodSpec.Parse).ToList();
}
