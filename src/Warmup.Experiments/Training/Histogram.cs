namespace Warmup.Experiments.Training;

/// <summary>
/// The fixed bins of the log10 |gradient| histograms (Liu et al. Fig. 2): bin 0 counts exact zeros (and non-finite
/// values), bins 1 to 56 are quarter decades from 10^-12 to 10^2 (values outside go to the end bins). Zeros are kept
/// apart because they mean something of their own: a ReLU unit that no longer fires passes no gradient.
/// </summary>
public static class Histogram
{
    /// <summary>Number of bins, the zero bin included.</summary>
    public const int Bins = 57;

    /// <summary>The bin of exact zeros.</summary>
    public const int ZeroBin = 0;

    /// <summary>Lower edge of bin 1, in log10 units.</summary>
    public const double Lowest = -12;

    /// <summary>Width of a bin in log10 units.</summary>
    public const double Width = 0.25;

    /// <summary>The bin of a gradient value.</summary>
    /// <param name="g">The value.</param>
    public static int BinOf(float g)
    {
        double a = Math.Abs(g);
        if (!(a > 0) || !double.IsFinite(a))
        {
            return ZeroBin;
        }

        return 1 + Math.Clamp((int)Math.Floor((Math.Log10(a) - Lowest) / Width), 0, Bins - 2);
    }

    /// <summary>The centre of log bin <paramref name="k"/> (1 .. <see cref="Bins"/> - 1), in log10 units.</summary>
    /// <param name="k">The bin.</param>
    public static double Centre(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Bins);
        return Lowest + ((k - 0.5) * Width);
    }

    /// <summary>The fraction of entries in the zero bin, or null for an empty histogram.</summary>
    /// <param name="counts">A histogram.</param>
    public static double? ZeroFraction(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long total = counts.Sum(c => (long)c);
        return total == 0 ? null : (double)counts[ZeroBin] / total;
    }
}
