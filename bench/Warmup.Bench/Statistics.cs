namespace Warmup.Bench;

/// <summary>Summaries of timings.</summary>
internal static class Statistics
{
    /// <summary>The median (the mean of the middle two for an even count); NaN for none.</summary>
    /// <param name="xs">The values.</param>
    public static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
