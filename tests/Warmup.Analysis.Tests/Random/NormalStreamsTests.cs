using MathNet.Numerics.Distributions;
using Warmup.Analysis.Random;

namespace Warmup.Analysis.Tests.Random;

public class NormalStreamsTests
{
    private static float[] Draw(NormalStreams s, int first, int count, int pairs)
    {
        var all = new List<float>();
        var z1 = new float[count];
        var z2 = new float[count];
        for (int p = 0; p < pairs; p++)
        {
            s.NextPair(first, z1, z2);
            all.AddRange(z1);
            all.AddRange(z2);
        }

        return [.. all];
    }

    /// <summary>Moments of 400,000 draws against N(0, 1), within five standard errors.</summary>
    [Fact]
    public void MomentsAreThoseOfAStandardNormal()
    {
        var z = Draw(new NormalStreams(7, 1000), 0, 1000, 200).Select(x => (double)x).ToArray();
        int n = z.Length;
        double mean = z.Average();
        double variance = z.Select(x => (x - mean) * (x - mean)).Sum() / n;
        double kurtosis = z.Select(x => Math.Pow(x - mean, 4)).Sum() / n / (variance * variance);
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - (5 * Math.Sqrt(2.0 / n)), 1 + (5 * Math.Sqrt(2.0 / n)));
        Assert.InRange(kurtosis, 3 - (5 * Math.Sqrt(24.0 / n)), 3 + (5 * Math.Sqrt(24.0 / n)));
    }

    /// <summary>Kolmogorov-Smirnov against the normal CDF: D below the 0.1 % critical value 1.95 / sqrt(n).</summary>
    [Fact]
    public void TheDistributionPassesKolmogorovSmirnov()
    {
        var z = Draw(new NormalStreams(8, 512), 0, 512, 100).Select(x => (double)x).Order().ToArray();
        int n = z.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double cdf = Normal.CDF(0, 1, z[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - cdf, cdf - ((double)i / n)));
        }

        Assert.True(d < 1.95 / Math.Sqrt(n), $"D = {d}");
    }

    [Fact]
    public void AStreamDependsOnlyOnTheSeedAndItsIndex()
    {
        var a = new NormalStreams(9, 64);
        var b = new NormalStreams(9, 64);
        var firstThenSecond = Draw(a, 0, 8, 3).Concat(Draw(a, 8, 8, 3)).ToArray();
        var secondThenFirst = Draw(b, 8, 8, 3).ToArray();
        var thenFirst = Draw(b, 0, 8, 3);
        Assert.Equal(firstThenSecond, thenFirst.Concat(secondThenFirst));
        Assert.NotEqual(Draw(new NormalStreams(10, 8), 0, 8, 1), Draw(new NormalStreams(9, 8), 0, 8, 1));
    }

    [Fact]
    public void NeighbouringStreamsAreUncorrelated()
    {
        var s = new NormalStreams(11, 16);
        var z1 = new float[16];
        var z2 = new float[16];
        double sxy = 0, sxx = 0, syy = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++)
        {
            s.NextPair(0, z1, z2);
            sxy += z1[3] * (double)z1[4];
            sxx += z1[3] * (double)z1[3];
            syy += z1[4] * (double)z1[4];
        }

        Assert.InRange(sxy / Math.Sqrt(sxx * syy), -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
    }

    [Fact]
    public void MisalignedBlocksAreRejected()
    {
        var s = new NormalStreams(1, 16);
        Assert.Throws<ArgumentException>(() => s.NextPair(4, new float[8], new float[8]));
        Assert.Throws<ArgumentException>(() => s.NextPair(8, new float[16], new float[16]));
    }
}
