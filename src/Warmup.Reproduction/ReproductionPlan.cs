using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;

namespace Warmup.Reproduction;

/// <summary>The sweeps of a reproduction at each scale.</summary>
public static class ReproductionPlan
{
    private static readonly string[] Core = ["adam", "untuned-linear", "untuned-exp", "radam"];
    private static readonly string[] Controls = ["adam+radam-warmup", "adam-2k:500", "adam-eps", "sgd"];

    /// <summary>The sweeps, in order, for <paramref name="scale"/>.</summary>
    /// <param name="scale">The scale.</param>
    /// <param name="data">Fashion-MNIST folder, or null to search.</param>
    /// <param name="text">Text files for the language model, or null for the default corpus.</param>
    public static IReadOnlyList<SweepSpec> For(ReproductionScale scale, string? data = null, IReadOnlyList<string>? text = null)
    {
        var mlp = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), DataFolder = data };
        var lm = new TrainSettings { Task = "charlm", Method = MethodSpec.Parse("adam"), TextFiles = text, Width = 64, Layers = 2, Context = 64, PreNorm = false };
        return scale switch
        {
            ReproductionScale.Tiny =>
            [
                new(mlp with { Steps = 20, DiagnoseEvery = 10 }, Methods("adam", "untuned-linear"), [1e-3], [0.99], [1]),
                new(lm with { Steps = 10, Width = 32, Context = 32, BatchSize = 8, DiagnoseEvery = 10, ProbeExamples = 4 }, Methods("adam"), [1e-3], [0.99], [1]),
            ],
            ReproductionScale.Default =>
            [
                new(mlp with { Steps = 500 }, Methods(Core), [1e-3, 1e-2], [0.99], [1, 2]),
                new(lm with { Steps = 300 }, Methods(Core), [3e-3], [0.99], [1, 2]),
            ],
            // Runs last several warmup periods where the budget allows: the MLP 4,000 steps (8.5 epochs; untuned linear
            // warmup lasts 200 or 2,000 steps), the language model 2,000 steps with beta2 up to 0.998 (1,000 steps).
            _ =>
            [
                new(mlp with { Steps = 4000 }, Methods(Core), [1e-3, 3e-3, 1e-2, 3e-2], [0.99, 0.999], [1, 2, 3]),
                new(mlp with { Steps = 4000 }, Methods(Controls), [1e-3, 3e-3, 1e-2, 3e-2], [0.999], [1, 2]),
                new(lm with { Steps = 2000 }, Methods(Core), [1e-3, 3e-3, 1e-2, 3e-2], [0.99, 0.998], [1, 2, 3]),
            ],
        };
    }

    private static List<MethodSpec> Methods(params string[] names) => names.Select(MethodSpec.Parse).ToList();
}
