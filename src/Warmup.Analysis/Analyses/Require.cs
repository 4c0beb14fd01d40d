using System.Globalization;

namespace Warmup.Analysis.Analyses;

/// <summary>Setting checks whose message names the setting and its value, in one line.</summary>
internal static class Require
{
    public static void AtLeastOne(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException(Message(name, value, "must be at least 1"));
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException(Message(name, value, "must be a finite number >= 0"));
        }
    }

    public static void Beta(double value, string name)
    {
        if (!Core.Maths.MomentDecay.IsValid(value))
        {
            throw new ArgumentException(Message(name, value, $"must be in {Core.Maths.MomentDecay.Range}"));
        }
    }

    public static void OpenUnit(double value, string name)
    {
        if (!(value is > 0 and < 1))
        {
            throw new ArgumentException(Message(name, value, "must be in (0, 1)"));
        }
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(Message(name, value, "must be a finite number"));
        }
    }

    private static string Message(string name, object value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {rule} (got {value}).");
}
