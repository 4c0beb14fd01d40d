using System.Globalization;
using TorchSharp.Modules;
using Warmup.Core.Schedules;
using Warmup.Optim;
using static TorchSharp.torch;

namespace Warmup.Experiments.Methods;

/// <summary>
/// A training method by its command-line name: <c>adam</c>, <c>adam+linear:TAU</c>, <c>adam+exp:TAU</c>,
/// <c>untuned-linear</c>, <c>untuned-exp</c>, <c>radam</c>, <c>adam+radam-warmup[:zero|constant|linear]</c>,
/// <c>adam-2k[:K]</c> (K = 2000), <c>adam-eps[:EPS]</c> (EPS = 1e-4) and <c>sgd[:MOMENTUM]</c> (0.9). Every Adam-family
/// method uses Warmup's fused optimizers; SGD is <see cref="MomentumSgd"/> (TorchSharp's arithmetic, held Scalars).
/// </summary>
/// <param name="Kind">The method.</param>
/// <param name="Tau">The warmup period of adam+linear and adam+exp.</param>
/// <param name="FrozenSteps">Adam-2k's steps that update only v.</param>
/// <param name="Eps">Adam's eps (1e-8 unless adam-eps).</param>
/// <param name="Early">The early-step factor of adam+radam-warmup.</param>
/// <param name="Momentum">SGD's momentum.</param>
public sealed record MethodSpec(MethodKind Kind, double? Tau = null, int FrozenSteps = 2000, double Eps = 1e-8, RAdamEarlySteps Early = RAdamEarlySteps.Zero, double Momentum = 0.9)
{
    /// <summary>The names the command line accepts, with their argument syntax.</summary>
    public static IReadOnlyList<string> Syntax { get; } =
        ["adam", "adam+linear:TAU", "adam+exp:TAU", "untuned-linear", "untuned-exp", "radam", "adam+radam-warmup[:zero|constant|linear]", "adam-2k[:K]", "adam-eps[:EPS]", "sgd[:MOMENTUM]"];

    /// <summary>The canonical name, which <see cref="Parse"/> reads back.</summary>
    public string Name => Kind switch
    {
        MethodKind.Adam => "adam",
        MethodKind.AdamLinear => $"adam+linear:{Format(Tau!.Value)}",
        MethodKind.AdamExponential => $"adam+exp:{Format(Tau!.Value)}",
        MethodKind.UntunedLinear => "untuned-linear",
        MethodKind.UntunedExponential => "untuned-exp",
        MethodKind.RAdam => "radam",
        MethodKind.AdamRAdamWarmup => Early == RAdamEarlySteps.Zero ? "adam+radam-warmup" : $"adam+radam-warmup:{WarmupNames.Of(Early)}",
        MethodKind.Adam2k => FrozenSteps == 2000 ? "adam-2k" : $"adam-2k:{FrozenSteps}",
        MethodKind.AdamEps => Eps == 1e-4 ? "adam-eps" : $"adam-eps:{Format(Eps)}",
        _ => Momentum == 0.9 ? "sgd" : $"sgd:{Format(Momentum)}",
    };

    /// <summary>Parses a method name.</summary>
    /// <param name="text">The name.</param>
    /// <exception cref="ArgumentException">Unknown name or bad argument; the message lists the valid ones.</exception>
    public static MethodSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        string? arg = parts.Length > 1 ? parts[1] : null;
        return parts[0] switch
        {
            "adam" when arg is null => new(MethodKind.Adam),
            "adam+linear" => new(MethodKind.AdamLinear, Tau: Positive(arg, text)),
            "adam+exp" => new(MethodKind.AdamExponential, Tau: Positive(arg, text)),
            "untuned-linear" when arg is null => new(MethodKind.UntunedLinear),
            "untuned-exp" when arg is null => new(MethodKind.UntunedExponential),
            "radam" when arg is null => new(MethodKind.RAdam),
            "adam+radam-warmup" => new(MethodKind.AdamRAdamWarmup, Early: arg is null ? RAdamEarlySteps.Zero : WarmupNames.FindEarlySteps(arg) ?? throw Bad(text)),
            "adam-2k" => new(MethodKind.Adam2k, FrozenSteps: arg is null ? 2000 : PositiveInteger(arg, text)),
            "adam-eps" => new(MethodKind.AdamEps, Eps: arg is null ? 1e-4 : Positive(arg, text)),
            "sgd" => new(MethodKind.Sgd, Momentum: arg is null ? 0.9 : UnitInterval(arg, text)),
            _ => throw Bad(text),
        };
    }

    /// <summary>The optimizer of this method over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The model's parameters.</param>
    /// <param name="h">Learning rate, betas, weight decay.</param>
    public optim.Optimizer Create(IEnumerable<Parameter> parameters, Hyperparameters h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (Kind == MethodKind.Sgd)
        {
            return new MomentumSgd(parameters, h.LearningRate, Momentum, h.WeightDecay, h.DecoupledWeightDecay);
        }

        if (Kind == MethodKind.RAdam)
        {
            return new Warmup.Optim.RAdam(parameters, new RAdamOptions
            {
                LearningRate = h.LearningRate, Beta1 = h.Beta1, Beta2 = h.Beta2, Eps = Eps, WeightDecay = h.WeightDecay, DecoupledWeightDecay = h.DecoupledWeightDecay,
            });
        }

        var adam = new Warmup.Optim.Adam(parameters, new AdamOptions
        {
            LearningRate = h.LearningRate,
            Beta1 = h.Beta1,
            Beta2 = h.Beta2,
            Eps = Eps,
            WeightDecay = h.WeightDecay,
            DecoupledWeightDecay = h.DecoupledWeightDecay,
            SecondMomentOnlySteps = Kind == MethodKind.Adam2k ? FrozenSteps : 0,
            EpsBeforeBiasCorrection = Kind == MethodKind.AdamEps, // Liu et al.'s psi-hat: eps + sqrt(v), then bias correction
        });
        return Warmup is { } warmup ? adam.WithWarmup(warmup, Tau, Early) : adam;
    }

    /// <summary>
    /// Optimizer steps taken before the run's first step: Adam-2k's K steps that only update v. Liu et al. index them
    /// from -K + 1 to 0 ("its iterations are indexed from -1999 instead of 1"), so that every method makes the same
    /// number of parameter updates; the trainer does the same.
    /// </summary>
    public int ExtraSteps => Kind == MethodKind.Adam2k ? FrozenSteps : 0;

    /// <inheritdoc />
    public override string ToString() => Name;

    // The warmup built into the optimizer for the warmup methods; null for the others.
    private WarmupKind? Warmup => Kind switch
    {
        MethodKind.AdamLinear => WarmupKind.Linear,
        MethodKind.AdamExponential => WarmupKind.Exponential,
        MethodKind.UntunedLinear => WarmupKind.UntunedLinear,
        MethodKind.UntunedExponential => WarmupKind.UntunedExponential,
        MethodKind.AdamRAdamWarmup => WarmupKind.RAdam,
        _ => null,
    };

    private static string Format(double x) => x.ToString("G", CultureInfo.InvariantCulture);

    private static double Positive(string? arg, string text) =>
        double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x) ? x : throw Bad(text);

    private static int PositiveInteger(string arg, string text) =>
        int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : throw Bad(text);

    private static double UnitInterval(string? arg, string text) =>
        double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= 0 and < 1 ? x : throw Bad(text);

    private static ArgumentException Bad(string text) =>
        new($"Unknown or malformed method '{text}'; expected one of: {string.Join(", ", Syntax)}.");
}
