using TorchSharp.Modules;
using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Optim;

namespace Warmup.Torch.Tests.Support;

/// <summary>
/// One optimizer configuration of the test matrix (after PyTorch's <c>OptimizerInfo</c> in test/test_optim.py): the
/// property tests run every case in <see cref="All"/>, so a new option or optimizer is one line here.
/// </summary>
/// <param name="Name">The case's name (the theory's data).</param>
/// <param name="Create">Builds the optimizer over parameters.</param>
internal sealed record OptimizerCase(string Name, Func<IEnumerable<Parameter>, AdaptiveOptimizer> Create)
{
    public static readonly OptimizerCase[] All =
    [
        new("adam", ps => new Adam(ps, new AdamOptions { LearningRate = 1e-2 })),
        new("adam-amsgrad-l2", ps => new Adam(ps, new AdamOptions { LearningRate = 1e-2, AmsGrad = true, WeightDecay = 0.1 })),
        new("adam-eps-before-bc", ps => new Adam(ps, new AdamOptions { LearningRate = 1e-2, Eps = 1e-3, EpsBeforeBiasCorrection = true })),
        new("adam-2k", ps => new Adam(ps, new AdamOptions { LearningRate = 1e-2, SecondMomentOnlySteps = 3 })),
        new("adam-linear-warmup", ps => new Adam(ps, new AdamOptions { LearningRate = 1e-2, Warmup = WarmupKind.Linear, WarmupTau = 4 })),
        new("adamw", ps => new AdamW(ps, new AdamOptions { LearningRate = 1e-2 })),
        new("adamw-maximize", ps => new AdamW(ps, new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Maximize = true })),
        new("adamw-amsgrad", ps => new AdamW(ps, new AdamOptions { LearningRate = 1e-2, AmsGrad = true })),
        new("radam-t4-momentum", ps => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Threshold = 4, EarlyPhase = EarlyPhase.Momentum })),
        new("radam-t4-skip", ps => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Threshold = 4, EarlyPhase = EarlyPhase.Skip })),
        new("radam-t5-momentum", ps => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Threshold = 5, EarlyPhase = EarlyPhase.Momentum })),
        new("radam-t5-skip", ps => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Threshold = 5, EarlyPhase = EarlyPhase.Skip })),
        new("radam-decoupled-untuned", ps => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, WeightDecay = 0.1, DecoupledWeightDecay = true, Beta2 = 0.9, Warmup = WarmupKind.UntunedLinear })),
    ];

    /// <summary>The names of every case, as theory data.</summary>
    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static OptimizerCase Get(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;
}
