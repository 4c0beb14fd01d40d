namespace Warmup.Core.Schedules;

/// <summary>
/// The one set of names for <see cref="WarmupKind"/> and <see cref="RAdamEarlySteps"/>, shared by the command line
/// (<c>schedule --kind</c>, <c>--early</c>) and the experiment methods (<c>adam+radam-warmup:EARLY</c>). Each value
/// has one canonical name, which is what is printed, and may have short aliases accepted on input
/// (<c>exp</c>, <c>untuned-exp</c>, as the methods spell them). Case is ignored.
/// </summary>
public static class WarmupNames
{
    private static readonly (string Name, WarmupKind Kind, string[] Aliases)[] Kinds =
    [
        ("none", WarmupKind.None, []),
        ("linear", WarmupKind.Linear, []),
        ("exponential", WarmupKind.Exponential, ["exp"]),
        ("untuned-linear", WarmupKind.UntunedLinear, []),
        ("untuned-exponential", WarmupKind.UntunedExponential, ["untuned-exp"]),
        ("radam", WarmupKind.RAdam, []),
    ];

    private static readonly (string Name, RAdamEarlySteps Early)[] Early =
    [
        ("zero", RAdamEarlySteps.Zero),
        ("constant", RAdamEarlySteps.Constant),
        ("linear", RAdamEarlySteps.Linear),
    ];

    /// <summary>The canonical warmup names, in the order of <see cref="WarmupKind"/>.</summary>
    public static IReadOnlyList<string> KindNames { get; } = [.. Kinds.Select(k => k.Name)];

    /// <summary>The early-step names, in the order of <see cref="RAdamEarlySteps"/>.</summary>
    public static IReadOnlyList<string> EarlyStepNames { get; } = [.. Early.Select(e => e.Name)];

    /// <summary>The canonical name of <paramref name="kind"/>.</summary>
    /// <param name="kind">A warmup kind.</param>
    public static string Of(WarmupKind kind) => Kinds.First(k => k.Kind == kind).Name;

    /// <summary>The canonical name of <paramref name="early"/>.</summary>
    /// <param name="early">An early-step choice.</param>
    public static string Of(RAdamEarlySteps early) => Early.First(e => e.Early == early).Name;

    /// <summary>The warmup kind named <paramref name="name"/> (canonical or alias), or null.</summary>
    /// <param name="name">The name.</param>
    public static WarmupKind? FindKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim();
        foreach (var k in Kinds)
        {
            if (Is(k.Name, n) || k.Aliases.Any(a => Is(a, n)))
            {
                return k.Kind;
            }
        }

        return null;
    }

    /// <summary>The early-step choice named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The name.</param>
    public static RAdamEarlySteps? FindEarlySteps(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim();
        foreach (var e in Early)
        {
            if (Is(e.Name, n))
            {
                return e.Early;
            }
        }

        return null;
    }

    private static bool Is(string name, string text) => string.Equals(name, text, StringComparison.OrdinalIgnoreCase);
}
