using Warmup.Core.Schedules;
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
        new("untuned-linear", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h).WithWarmup(WarmupKind.UntunedLinear)) { Summary = "Adam with linear warmup over 2/(1 - beta2) steps (Ma & Yarats)" },
        new("untuned-exp", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h).WithWarmup(WarmupKind.UntunedExponential)) { Summary = "Adam with exponential warmup, tau = 1/(1 - beta2) (Ma & Yarats)" },
        new("radam", MethodArgument.None, (p, h, _) => AdamFamily.RAdam(p, h)) { Summary = "RAdam, threshold 4 (Liu et al.)" },
        new("adam+radam-warmup", MethodArgument.EarlySteps, (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(WarmupKind.RAdam, early: (RAdamEarlySteps)(int)a!.Value)) { Summary = "Adam with RAdam's factor r_t as a warmup, its first four steps zero, constant or linear (Ma & Yarats, Section 3.1)" },
        new("adam-2k", MethodArgument.PositiveInteger("K", 2000), (p, h, a) => AdamFamily.Adam(p, h, o => o.SecondMomentOnlySteps = (int)a!.Value)) { ExtraSteps = a => (int)a!.Value, Summary = "the first K steps update only v, K extra steps (Liu et al., Section 3.1)" },

        // Liu et al.'s psi-hat: eps + sqrt(v), then bias correction.
        new("adam-eps", MethodArgument.PositiveReal("EPS", 1e-4), (p, h, a) => AdamFamily.Adam(p, h, o => (o.Eps, o.EpsBeforeBiasCorrection) = (a!.Value, true))) { Summary = "Adam with eps = 1e-4 added before bias correction (Liu et al., Section 3.1)" },
        new("sgd", MethodArgument.UnitInterval("MOMENTUM", 0.9), (p, h, a) => new MomentumSgd(p, h.LearningRate, a!.Value, h.WeightDecay, h.DecoupledWeightDecay)) { Summary = "SGD with momentum 0.9" },
        new("adam+linear", MethodArgument.PositiveReal("TAU"), (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(WarmupKind.Linear, a)) { Summary = "Adam with linear warmup over TAU steps" },
        new("adam+exp", MethodArgument.PositiveReal("TAU"), (p, h, a) => AdamFamily.Adam(p, h).WithWarmup(WarmupKind.Exponential, a)) { Summary = "Adam with exponential warmup of constant TAU" },
        new("dynamic", MethodArgument.UnitInterval("TOLERANCE", 0.7), (p, h, a) => AdamFamily.Adam(p, h, rules: new DynamicWarmup(tolerance: a!.Value))) { Summary = "dynamic warmup gated by RMS(g / sqrt(v_hat)), ours after Ma & Yarats' Section 6.3; dynamic:0 opens the gate always" },
        new("geometric", MethodArgument.PositiveInteger("STEPS", 232), (p, h, a) => AdamFamily.Adam(p, h, rules: GeometricRamp(a!.Value))) { Summary = "dynamic warmup's ramp with its gate always open and its growth set to reach the full rate at step STEPS: the length-matched ungated control (232: where dynamic reached it on the char LM)" },
        new("gi-adam", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: InitializeSecondMomentFromGradient.Instance)) { Summary = "v initialised from the first gradient squared (Kalra & Barkeshli 2024)" },
        new("adam+update-clip", MethodArgument.None, (p, h, _) => AdamFamily.Adam(p, h, rules: ClipUpdateByGradientRatio.Instance)) { Summary = "the step divided per tensor by max(1, RMS(g / sqrt(v_hat))) (StableAdamW, Wortsman et al. 2023)" },
    ];

    // Dynamic warmup's rule with the gate open: 0 at step 1, Start (0.01) at step 2, then x growth per step, 1 from step STEPS.
    private static DynamicWarmup GeometricRamp(double steps) =>
        steps >= 3
            ? new DynamicWarmup(growth: Math.Pow(1.0 / 0.01, 1.0 / (steps - 2)), tolerance: 0)
            : throw new ArgumentOutOfRangeException(nameof(steps), steps, "geometric:STEPS needs STEPS >= 3 (0 at step 1, 1 % at step 2, the full rate at step STEPS).");

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
