namespace Warmup.Reports;

/// <summary>Tick positions for a log axis that spans less than a few decades, where powers of ten alone leave it bare.</summary>
public static class LogTickPositions
{
    /// <summary>Ranges this many decades wide or wider get no positions.</summary>
    public const double MaxDecades = 2.5;

    /// <summary>
    /// The positions log10(m * 10^k) that fall in [<paramref name="min"/>, <paramref name="max"/>] widened by 5 % of
    /// its width each side (the chart's margin): m = 1..9 when the range spans less than a decade, m = 1, 2, 5 when it
    /// spans less than <see cref="MaxDecades"/>. Empty beyond that: then powers of ten are ticks enough.
    /// </summary>
    /// <param name="min">Smallest log10 value shown.</param>
    /// <param name="max">Largest log10 value shown.</param>
    public static IReadOnlyList<double> Within(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max || max - min >= MaxDecades)
        {
            return [];
        }

        int[] multiples = max - min < 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
        double pad = 0.05 * Math.Max(max - min, 0.01);
        var positions = new List<double>();
        for (int k = (int)Math.Floor(min) - 1; k <= (int)Math.Ceiling(max); k++)
        {
            foreach (int m in multiples)
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
