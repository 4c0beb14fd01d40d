using Warmup.Core.Schedules;

namespace Warmup.Cli.Commands;

/// <summary>The command line's names for warmup kinds and RAdam early-step choices.</summary>
internal static class Names
{
    public static IReadOnlyDictionary<string, WarmupKind> Kinds { get; } = new Dictionary<string, WarmupKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = WarmupKind.None,
        ["linear"] = WarmupKind.Linear,
        ["exponential"] = WarmupKind.Exponential,
        ["untuned-linear"] = WarmupKind.UntunedLinear,
        ["untuned-exponential"] = WarmupKind.UntunedExponential,
        ["radam"] = WarmupKind.RAdam,
    };

    public static IReadOnlyDictionary<string, RAdamEarlySteps> EarlySteps { get; } = new Dictionary<string, RAdamEarlySteps>(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = RAdamEarlySteps.Zero,
        ["constant"] = RAdamEarlySteps.Constant,
        ["linear"] = RAdamEarlySteps.Linear,
    };

    public static string Of(WarmupKind kind) => Kinds.First(p => p.Value == kind).Key;

    public static T Parse<T>(IReadOnlyDictionary<string, T> names, string value, string option) =>
        names.TryGetValue(value.Trim(), out var parsed)
            ? parsed
            : throw new ArgumentException($"{option}: unknown value '{value}'; expected one of {string.Join(", ", names.Keys)}.");
}
