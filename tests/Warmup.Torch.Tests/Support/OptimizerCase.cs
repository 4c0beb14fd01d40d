using TorchSharp.Modules;
using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;

namespace Warmup.Torch.Tests.Support;

/// <summary>
/// One optimizer configuration of the test matrix (after PyTorch's <c>OptimizerInfo</c> in test/test_optim.py): the
/// property tests run every case in <see cref="All"/>, so a new option or optimizer is one line here.
/// </summary>
/// <param name="Name">The case's name (the theory's data).</param>
/// <param name="Kind">"adam", "adamw" or "radam".</param>
/// <param name="Options">The optimizer-level options (a fresh object per call).</param>
internal sealed record OptimizerCase(string Name, string Kind, Func<AdaptiveOptions> Options)
{
    public static readonly OptimizerCase[] All =
    [
        new("adam", "adam", () => new AdamOptions { LearningRate = 1e-2 }),
        new("adam-amsgrad-l2", "adam", () => new AdamOptions { LearningRate = 1e-2, AmsGrad = true, WeightDecay = 0.1 }),
        new("adam-eps-before-bc", "adam", () => new AdamOptions { LearningRate = 1e-2, Eps = 1e-3, EpsBeforeBiasCorrection = true }),
        new("adam-2k", "adam", () => new AdamOptions { LearningRate = 1e-2, Rules = [new FreezeFirstMoment(3)] }),
        new("adam-linear-warmup", "adam", () => new AdamOptions { LearningRate = 1e-2, Warmup = WarmupSchedule.Linear(4) }),
        new("adamw-untuned-warmup", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.1, Beta2 = 0.9, Warmup = WarmupSchedule.UntunedLinear(0.9) }),
        new("adamw", "adamw", () => new AdamOptions { LearningRate = 1e-2 }),
        new("adamw-maximize", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Maximize = true }),
        new("adamw-amsgrad", "adamw", () => new AdamOptions { LearningRate = 1e-2, AmsGrad = true }),
        new("radam-t4-momentum", "radam", () => new RAdamOptions { LearningRate = 1e-2, Threshold = 4, EarlyPhase = EarlyPhase.Momentum }),
        new("radam-t4-skip", "radam", () => new RAdamOptions { LearningRate = 1e-2, Threshold = 4, EarlyPhase = EarlyPhase.Skip }),
        new("radam-t5-momentum", "radam", () => new RAdamOptions { LearningRate = 1e-2, Threshold = 5, EarlyPhase = EarlyPhase.Momentum }),
        new("radam-t5-skip", "radam", () => new RAdamOptions { LearningRate = 1e-2, Threshold = 5, EarlyPhase = EarlyPhase.Skip }),
        new("gi-adam", "adam", () => new AdamOptions { LearningRate = 1e-2, Rules = [InitializeSecondMomentFromGradient.Uncorrected] }),
        new("adamw-update-clip", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Rules = [ClipUpdateByGradientRatio.Instance] }),
        new("adamw-dynamic", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Rules = [new DynamicWarmup(start: 0.25, growth: 2)] }),
        new("radam-decoupled-untuned", "radam", () => new RAdamOptions { LearningRate = 1e-2, WeightDecay = 0.1, DecoupledWeightDecay = true, Beta2 = 0.9, Warmup = WarmupSchedule.UntunedLinear(0.9), AllowWarmup = true }),
        new("gi-adam-bc", "adam", () => new AdamOptions { LearningRate = 1e-2, Rules = [InitializeSecondMomentFromGradient.BiasCorrected] }),
        new("adamw-stable", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Rules = [StableUpdateClipping.Instance] }),
        new("adamw-lamb", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Rules = [ScaleByTrustRatio.Instance] }),
        new("adam-lamb-l2-amsgrad", "adam", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, AmsGrad = true, Rules = [ScaleByTrustRatio.Instance] }),
        new("adamw-dynamic-stable", "adamw", () => new AdamOptions { LearningRate = 1e-2, WeightDecay = 0.05, Warmup = WarmupSchedule.Linear(3), Rules = [new DynamicWarmup(start: 0.25, growth: 2), StableUpdateClipping.Instance] }),
    ];

    /// <summary>The names of every case, as theory data.</summary>
    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static OptimizerCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>This case with its moments stored in <paramref name="format"/> (AMSGrad cases cannot be: see <see cref="KeepsMaximum"/>).</summary>
    public OptimizerCase In(StateFormat format) => this with
    {
        Name = $"{Name}-{format}",
        Options = () =>
        {
            var o = Options();
            o.StateFormat = format;
            return o;
        },
    };

    /// <summary>True when the case keeps AMSGrad's maximum of v (which needs float32 state).</summary>
    public bool KeepsMaximum => Options() is AdamOptions { AmsGrad: true };

    /// <summary>The optimizer over one group.</summary>
    public AdaptiveOptimizer Create(IEnumerable<Parameter> parameters) => CreateGroups([parameters]);

    /// <summary>The optimizer over several groups; group i takes learning rate <paramref name="learningRates"/>[i] when given, else inherits.</summary>
    public AdaptiveOptimizer CreateGroups(IEnumerable<Parameter>[] groups, double[]? learningRates = null)
    {
        double? Lr(int i) => learningRates?[i];
        return Kind switch
        {
            "adam" => new Adam(groups.Select((g, i) => new AdaptiveParamGroup<AdamOptions>(g, new AdamOptions { LearningRate = Lr(i) })), (AdamOptions)Options()),
            "adamw" => new AdamW(groups.Select((g, i) => new AdaptiveParamGroup<AdamOptions>(g, new AdamOptions { LearningRate = Lr(i) })), (AdamOptions)Options()),
            "radam" => new RAdam(groups.Select((g, i) => new AdaptiveParamGroup<RAdamOptions>(g, new RAdamOptions { LearningRate = Lr(i) })), (RAdamOptions)Options()),
            _ => throw new ArgumentException(Kind),
        };
    }

    public override string ToString() => Name;
}
