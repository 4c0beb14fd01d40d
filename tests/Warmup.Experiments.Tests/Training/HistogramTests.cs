using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Training;

public class HistogramTests
{
    [Theory]
    [InlineData(0f, 0)]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 0)]
    [InlineData(1e-30f, 1)] // below 10^-12: first log bin
    [InlineData(2e-12f, 2)] // log10 = -11.70: (0.30 / 0.25) -> 1 more
    [InlineData(1f, 49)] // 1 + (0 - -12) / 0.25
    [InlineData(-1f, 49)] // sign ignored
    [InlineData(99f, 56)] // log10 99 = 1.996: last bin
    [InlineData(1e5f, 56)] // above 10^2: last bin
    public void ZerosApartThenQuarterDecadesFromMinusTwelve(float g, int bin) => Assert.Equal(bin, Histogram.BinOf(g));

    [Fact]
    public void CentresAreMidBin()
    {
        Assert.Equal(-11.875, Histogram.Centre(1));
        Assert.Equal(1.875, Histogram.Centre(Histogram.Bins - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Histogram.Centre(Histogram.ZeroBin));
    }

    [Fact]
    public void ZeroFractionIsTheZeroBinOverAll()
    {
        var counts = new int[Histogram.Bins];
        counts[Histogram.ZeroBin] = 3;
        counts[10] = 9;
        Assert.Equal(0.25, Histogram.ZeroFraction(counts));
        Assert.Null(Histogram.ZeroFraction(new int[Histogram.Bins]));
    }
}
