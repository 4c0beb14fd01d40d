using System.Globalization;
using Warmup.Core.Schedules;

namespace Warmup.Experiments.Methods;

/// <summary>The optional or required number after a method's name (<c>name:ARG</c>), with its parsing, printing and default.</summary>
/// <param name="Placeholder">How the syntax shows it, e.g. <c>TAU</c> or <c>zero|constant|linear</c>; empty for a method without one.</param>
/// <param name="Default">The value when omitted; null when it is required (or when there is none).</param>
/// <param name="Read">The value of a written argument, or null when it is not valid.</param>
/// <param name="Write">How a value is written (what <see cref="Read"/> reads back).</param>
public sealed record MethodArgument(string Placeholder, double? Default, Func<string, double?> Read, Func<double, string> Write)
{
    /// <summary>No argument.</summary>
    public static MethodArgument None { get; } = new(string.Empty, null, _ => null, Number);

    /// <summary>Whether the method takes an argument.</summary>
    public bool Exists => Placeholder.Length > 0;

    /// <summary>A positive finite real.</summary>
    /// <param name="placeholder">Its name in the syntax.</param>
    /// <param name="default">Its default, or null when required.</param>
    public static MethodArgument PositiveReal(string placeholder, double? @default = null) =>
        new(placeholder, @default, a => Real(a) is double x && x > 0 && double.IsFinite(x) ? x : null, Number);

    /// <summary>A positive integer (at most <see cref="int.MaxValue"/>).</summary>
    /// <param name="placeholder">Its name in the syntax.</param>
    /// <param name="default">Its default.</param>
    public static MethodArgument PositiveInteger(string placeholder, int @default) =>
        new(placeholder, @default, a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : null, Number);

    /// <summary>A real in [0, 1).</summary>
    /// <param name="placeholder">Its name in the syntax.</param>
    /// <param name="default">Its default.</param>
    public static MethodArgument UnitInterval(string placeholder, double @default) =>
        new(placeholder, @default, a => Real(a) is double x && x is >= 0 and < 1 ? x : null, Number);

    /// <summary>The early-step factor of RAdam-shaped warmup, by its name (<see cref="WarmupNames"/>); default zero.</summary>
    public static MethodArgument EarlySteps { get; } = new(
        string.Join('|', Enum.GetValues<RAdamEarlySteps>().Select(WarmupNames.Of)),
        (double)RAdamEarlySteps.Zero,
        a => WarmupNames.FindEarlySteps(a) is { } e ? (double)e : null,
        x => WarmupNames.Of((RAdamEarlySteps)(int)x));

    private static double? Real(string a) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    private static string Number(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
