namespace Warmup.Experiments.Training;

/// <summary>The fixed bins of the log10 |gradient| histograms: 56 bins of width 0.25 from -12 to 2 (values outside go to the end bins; zeros to the first).</summary>
public static class Histogram
{
    /// <summary>Number of bins.</summary>
    public const int Bins = 56;

    /// <summary>Lower edge of bin 0.</summary>
    public const double Lowest = -12;

    /// <summary>Width of a bin in log10 units.</summary>
    public const double Width = 0.25;

    /// <summary>The bin of a gradient value.</summary>
    /// <param name="g">The value.</param>
    public static int BinOf(float g)
    {
        double a = Math.Abs(g);
        if (!(a > 0))
        {
            return 0;
        }

        return Math.Clamp((int)Math.Floor((Math.Log10(a) - Lowest) / Width), 0, Bins - 1);
    }

    /// <summary>The centre of bin <paramref name="k"/>, in log10 units.</summary>
    /// <param name="k">The bin.</param>
    public static double Centre(int k) => Lowest + ((k + 0.5) * Width);
}
