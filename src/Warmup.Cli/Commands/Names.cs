using Warmup.Core.Schedules;

namespace Warmup.Cli.Commands;

/// <summary>Options' values by the names of <see cref="WarmupNames"/>, with the error a user sees for any other.</summary>
internal static class Names
{
    public static WarmupKind Kind(string value, string option) =>
        WarmupNames.FindKind(value) ?? throw Unknown(value, option, WarmupNames.KindNames);

    public static RAdamEarlySteps EarlySteps(string value, string option) =>
        WarmupNames.FindEarlySteps(value) ?? throw Unknown(value, option, WarmupNames.EarlyStepNames);

    private static ArgumentException Unknown(string value, string option, IReadOnlyList<string> names) =>
        new($"{option}: unknown value '{value}'; expected one of {string.Join(", ", names)}.");
}
