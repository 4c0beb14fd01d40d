namespace Warmup.Reports;

/// <summary>Tick positions for a log axis that spans less than a decade, where powers of ten alone leave it bare.</summary>
public static class LogTickPositions
{
    /// <summary>
    /// The positions log10(m * 10^k), m = 1..9, that fall in [<paramref name="min"/>, <paramref name="max"/>] widened
    /// by 5 % of its width each side (the chart's margin). Empty when the range spans a decade or more: then powers of
    /// ten are ticks enough.
    /// </summary>
    /// <param name="min">Smallest log10 value shown.</param>
    /// <param name="max">Largest log10 value shown.</param>
    public static IReadOnlyList<double> Within(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max || max - min >= 1)
        {
            return [];
        }

        double pad = 0.05 * Math.Max(max - min, 0.01);
        var positions = new List<double>();
        for (int k = (int)Math.Floor(min) - 1; k <= (int)Math.Ceiling(max); k++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double p = k + Math.Log10(m);
                if (p >= min - pad && p <= max + pad)
                {
                    positions.Add(p);
                }
            }
        }

        return positions;
    }
}
