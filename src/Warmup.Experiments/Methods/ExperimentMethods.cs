using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;

namespace Warmup.Experiments.Methods;

/// <summary>
/// Every training method of the experiments, in the order reports list them: the one place a method is registered
/// (a new Adam-family variant is its rule in <c>Warmup.Core.Updates.Rules</c> plus one line here).
/// </summary>
public static class ExperimentMethods
{
    /// <summary>The methods, in report order.</summary>
    public static IReadOnlyList<MethodDefinition> All { get; } =
    [
        new("adam", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h)) { Summary = "Adam without warmup" },
        new("untuned-linear", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h).WithUntunedLinearWarmup()) { Ramp = (b2, _) => WarmupRamp.Of(WarmupSchedule.UntunedLinear(b2)), Summary = "Adam with linear warmup over 2/(1 - beta2) steps (Ma & Yarats)" },
        new("untuned-exp", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h).WithUntunedExponentialWarmup()) { Ramp = (b2, _) => WarmupRamp.Of(WarmupSchedule.UntunedExponential(b2)), Summary = "Adam with exponential warmup, tau = 1/(1 - beta2) (Ma & Yarats)" },
        new("radam", MethodArgument.None, (p, h, _) => AdamFamily.RAdam(p, h)) { Summary = "RAdam, threshold 4 (Liu et al.)" },
        new("adam+radam-warmup", MethodArgument.EarlySteps, (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(b2 => WarmupSchedule.RAdam(b2, (RAdamEarlySteps)(int)a!.Value))) { Ramp = (b2, a) => WarmupRamp.Of(WarmupSchedule.RAdam(b2, (RAdamEarlySteps)(int)a!.Value)), Summary = "Adam with RAdam's factor r_t as a warmup, its first four steps zero, constant or linear (Ma & Yarats, Section 3.1)" },
        new("adam-2k", MethodArgument.PositiveInteger("K", 2000), (p, h, a) => AdamFamily.Adam(p, h, rules: new FreezeFirstMoment((int)a!.Value))) { ExtraSteps = a => (int)a!.Value, Summary = "the first K steps update only v, K extra steps (Liu et al., Section 3.1)" },

        // Liu et al.'s psi-hat: eps + sqrt(v), then bias correction.
        new("adam-eps", MethodArgument.PositiveReal("EPS", 1e-4), (p, h, a) => AdamFamily.Adam(p, h, o => (o.Eps, o.EpsBeforeBiasCorrection) = (a!.Value, true))) { Summary = "Adam with eps = 1e-4 added before bias correction (Liu et al., Section 3.1)" },
        new("sgd", MethodArgument.UnitInterval("MOMENTUM", 0.9), (p, h, a) => new MomentumSgd(p, h.LearningRate, a!.Value, h.WeightDecay, h.DecoupledWeightDecay)) { Summary = "SGD with momentum 0.9" },
        new("adam+linear", MethodArgument.PositiveReal("TAU"), (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(WarmupSchedule.Linear(a!.Value))) { Ramp = (_, a) => WarmupRamp.Of(WarmupSchedule.Linear(a!.Value)), Summary = "Adam with linear warmup over TAU steps" },
        new("adam+exp", MethodArgument.PositiveReal("TAU"), (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(WarmupSchedule.Exponential(a!.Value))) { Ramp = (_, a) => WarmupRamp.Of(WarmupSchedule.Exponential(a!.Value)), Summary = "Adam with exponential warmup of constant TAU" },
        new("dynamic", MethodArgument.UnitInterval("TOLERANCE", 0.7), (p, h, a) => AdamFamily.Adam(p, h, rules: new DynamicWarmup(tolerance: a!.Value))) { Summary = "dynamic warmup gated by RMS(g / sqrt(v_hat)), ours after Ma & Yarats' Section 6.3; dynamic:0 opens the gate always" },
        new("geometric", MethodArgument.PositiveInteger("STEPS", 232), (p, h, a) => AdamFamily.Adam(p, h, rules: GeometricRamp(a!.Value))) { Ramp = (_, a) => GeometricFactor(a!.Value), Summary = "dynamic warmup's ramp with its gate always open and its growth set to reach the full rate at step STEPS: the length-matched ungated control (232: where dynamic reached it on the char LM)" },
        new("gi-adam", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: InitializeSecondMomentFromGradient.Uncorrected)) { Summary = "v initialised from the first gradient squared, v's bias correction dropped (one reading of Kalra & Barkeshli 2024)" },
        new("gi-adam-bc", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: InitializeSecondMomentFromGradient.BiasCorrected)) { Ramp = (b2, _) => BiasCorrectionRamp(b2), Summary = "v initialised from the first gradient squared, Adam's bias correction kept: a natural ramp of about sqrt(1 - beta2^t) (the other reading of Kalra & Barkeshli 2024)" },
        new("gi-adam-bc+stable", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: [InitializeSecondMomentFromGradient.BiasCorrected, StableUpdateClipping.Instance])) { Ramp = (b2, _) => BiasCorrectionRamp(b2), Summary = "gi-adam-bc with StableAdamW's update clipping" },
        new("adam+update-clip", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: ClipUpdateByGradientRatio.Instance)) { Summary = "the step divided per tensor by max(1, RMS(g / sqrt(v_hat))) of the tensor's previous step (StableAdamW's clipping one step late)" },
        new("stable-adamw", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: StableUpdateClipping.Instance)) { Summary = "StableAdamW as published: the step divided per tensor by max(1, RMS(g^2 / max(v_hat, eps^2))) of the current step (Wortsman et al. 2023)" },
        new("stable-adamw+untuned-linear", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: StableUpdateClipping.Instance).WithUntunedLinearWarmup()) { Ramp = (b2, _) => WarmupRamp.Of(WarmupSchedule.UntunedLinear(b2)), Summary = "StableAdamW with untuned linear warmup" },
        new("lamb", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: ScaleByTrustRatio.Instance)) { Summary = "LAMB: the step scaled per tensor by ||p|| / ||update|| of the current step (You et al. 2020)" },

        // PyTorch's AdamW: its default weight decay 1e-2, decoupled (p *= 1 - lr wd), which the run's hyperparameters
        // carry (TrainSettings.AppliedWeightDecay). Last, so that no other method's place and colour in reports moves.
        new("adamw", MethodArgument.PositiveReal("WD", 1e-2), (p, h, _) => AdamFamily.Adam(p, h))
        {
            WeightDecayFromArgument = true, Summary = "AdamW: Adam with decoupled weight decay WD, default 1e-2 as PyTorch's AdamW (Loshchilov & Hutter 2019)",
        },

        // AdamW with its moments stored in fewer bytes (AdaptiveOptions.StateFormat), and each with untuned linear warmup
        // beside AdamW's own: the comparisons of the optimizer-state precision section.
        LowBit("adamw+untuned-linear", StateFormat.Float32, warmup: true, "AdamW with untuned linear warmup"),
        LowBit("adamw-bf16", StateFormat.BFloat16, warmup: false, "AdamW with m and v stored in bfloat16, stochastic rounding"),
        LowBit("adamw-bf16+untuned-linear", StateFormat.BFloat16, warmup: true, "adamw-bf16 with untuned linear warmup"),
        LowBit("adamw-8bit", StateFormat.Int8Blockwise, warmup: false, "AdamW with m and sqrt(v) stored as 8-bit codes in blocks of 2,048 with a float32 scale each (after Dettmers et al. 2022)"),
        LowBit("adamw-8bit+untuned-linear", StateFormat.Int8Blockwise, warmup: true, "adamw-8bit with untuned linear warmup"),
    ];

    // AdamW (decoupled decay WD, default 1e-2) storing its moments in FORMAT, with or without untuned linear warmup.
    private static MethodDefinition LowBit(string name, StateFormat format, bool warmup, string summary) =>
        new(name, MethodArgument.PositiveReal("WD", 1e-2), (p, h, _) =>
        {
            var adam = AdamFamily.Adam(p, h, o => o.StateFormat = format);
            return warmup ? adam.WithUntunedLinearWarmup() : adam;
        })
        {
            WeightDecayFromArgument = true,
            Ramp = (b2, _) => warmup ? WarmupRamp.Of(WarmupSchedule.UntunedLinear(b2)) : null,
            Summary = summary + ", decoupled weight decay WD (default 1e-2)",
        };

    // Dynamic warmup's rule with the gate open: 0 at step 1, Start (0.01) at step 2, then x growth per step, 1 from step STEPS.
    private static DynamicWarmup GeometricRamp(double steps) =>
        steps >= 3
            ? new DynamicWarmup(growth: Math.Pow(1.0 / 0.01, 1.0 / (steps - 2)), tolerance: 0)
            : throw new ArgumentOutOfRangeException(nameof(steps), steps, "geometric:STEPS needs STEPS >= 3 (0 at step 1, 1 % at step 2, the full rate at step STEPS).");

    // The geometric ramp's factor: 0 at step 1, 1 % at step 2, then the growth per step up to 1 at step STEPS.
    private static WarmupRamp GeometricFactor(double steps)
    {
        var rule = GeometricRamp(steps);
        return new WarmupRamp(t => t <= 1 ? 0 : Math.Min(1, rule.Start * Math.Pow(rule.Growth, t - 2)));
    }

    // Adam's bias correction of a v that starts at g_1^2: the step is scaled by about sqrt(1 - beta2^t).
    private static WarmupRamp BiasCorrectionRamp(double beta2) => new(t => Math.Sqrt(1 - Math.Pow(beta2, t)));

    /// <summary>Every method's syntax, in order.</summary>
    public static IReadOnlyList<string> Syntax { get; } = All.Select(m => m.Syntax).ToList();

    /// <summary>The method named <paramref name="name"/> (without argument, case-sensitive), or null.</summary>
    /// <param name="name">The name.</param>
    public static MethodDefinition? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>Where a run's method comes in reports: its position in <see cref="All"/> (by the name before any ':'), unknown names last.</summary>
    /// <param name="method">A method's full name.</param>
    public static int Rank(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var definition = Find(method.Split(':')[0]);
        return definition is null ? All.Count : IndexOf(definition);
    }

    private static int IndexOf(MethodDefinition definition)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], definition))
            {
                return i;
            }
        }

        return All.Count;
    }
}
