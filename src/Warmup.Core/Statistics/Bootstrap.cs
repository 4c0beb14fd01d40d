namespace Warmup.Core.Statistics;

/// <summary>
/// Percentile bootstrap intervals with injected, seeded randomness (Efron and Tibshirani 1993, Ch. 13): the statistic is
/// recomputed on <c>resamples</c> resamplings drawn by the caller from the <see cref="Random"/> it is given, and the
/// interval is the (1 - level) / 2 and (1 + level) / 2 quantiles of those values (NumPy's linear definition). The same
/// seed gives the same interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>The percentile interval of <paramref name="statistic"/>.</summary>
    /// <param name="statistic">Computes the statistic on one resampling, drawing from the generator it is given.</param>
    /// <param name="resamples">Resamplings, &gt;= 2 (2,000 is usual).</param>
    /// <param name="level">The confidence level, in (0, 1).</param>
    /// <param name="seed">The generator's seed.</param>
    public static (double Low, double High) Interval(Func<Random, double> statistic, int resamples = 2000, double level = 0.95, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        }

        var rng = new Random(seed);
        var values = new double[resamples];
        for (int i = 0; i < resamples; i++)
        {
            values[i] = statistic(rng);
        }

        Array.Sort(values);
        return (Linear(values, (1 - level) / 2), Linear(values, (1 + level) / 2));
    }

    /// <summary>A resampling with replacement of <paramref name="values"/>, the same length.</summary>
    /// <param name="values">The sample.</param>
    /// <param name="rng">The generator.</param>
    public static double[] Resample(IReadOnlyList<double> values, Random rng)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rng);
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[rng.Next(values.Count)];
        }

        return result;
    }

    // NumPy's default quantile of sorted values: x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]), h = (n - 1) q.
    private static double Linear(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
