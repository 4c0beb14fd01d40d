using System.Globalization;

namespace Warmup.Cli.Commands;

/// <summary>Checks of option values that fail with a one-line message naming the option.</summary>
internal static class Require
{
    public static int AtLeast(int value, int min, string option) =>
        value >= min ? value : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} must be at least {min} (got {value})."));

    public static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} must be a positive number (got {value})."));

    public static double MomentDecay(double value, string option) =>
        Core.Maths.MomentDecay.IsValid(value) ? value : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} must be in {Core.Maths.MomentDecay.Range} (got {value})."));
}
