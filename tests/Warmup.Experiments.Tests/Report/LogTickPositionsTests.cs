using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

// The training-loss charts are drawn on a log axis; a loss between 1.8 and 5 holds no power of ten, and before
// LogTickPositions such an axis was drawn with no tick labels at all.
public class LogTickPositionsTests
{
    [Fact]
    public void WithinADecadeTicksGoAtMultiplesOfPowersOfTen()
    {
        var ticks = LogTickPositions.Within(Math.Log10(1.8), Math.Log10(5));

        // 1.8..5 widened by 5 % of its log width: 2, 3, 4, 5 (1.8 / 1.047 > 1, so 1 stays out).
        Assert.Equal([2.0, 3.0, 4.0, 5.0], ticks.Select(p => Math.Round(Math.Pow(10, p), 9)));
    }

    [Fact]
    public void CrossingAPowerOfTenKeepsBothSides()
    {
        var ticks = LogTickPositions.Within(Math.Log10(0.5), Math.Log10(3));

        Assert.Equal([0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 2.0, 3.0], ticks.Select(p => Math.Round(Math.Pow(10, p), 9)));
    }

    // The learning-rate sweeps span 1e-3..3e-2; with powers of ten only, two labels on the whole axis.
    [Fact]
    public void OverOneToTwoAndAHalfDecadesTicksGoAtOneTwoFive()
    {
        var ticks = LogTickPositions.Within(Math.Log10(1e-3), Math.Log10(3e-2));

        Assert.Equal([1e-3, 2e-3, 5e-3, 1e-2, 2e-2], ticks.Select(p => Math.Round(Math.Pow(10, p), 12)));
    }

    [Theory]
    [InlineData(-3.0, 0.0)]   // three decades: powers of ten suffice
    [InlineData(0.0, 2.5)]    // exactly the limit
    [InlineData(1.0, 0.0)]    // empty range
    [InlineData(double.NaN, 1.0)]
    public void OutsideItsUseThereAreNone(double min, double max) => Assert.Empty(LogTickPositions.Within(min, max));

    [Fact]
    public void ARangeTooNarrowForTwoTicksGivesFewerThanTwo() =>
        Assert.True(LogTickPositions.Within(Math.Log10(2.1), Math.Log10(2.2)).Count < 2);
}

// effective_period.png labelled its ticks "1E+03" and "1E+04".
public class LogTickLabelTests
{
    [Theory]
    [InlineData(1.0, "10")]
    [InlineData(3.0, "1,000")]
    [InlineData(4.0, "10,000")]
    [InlineData(-3.0, "0.001")]
    [InlineData(-4.0, "0.0001")]
    [InlineData(-5.0, "1e-5")]
    [InlineData(6.0, "1e6")]
    [InlineData(0.30103, "2")]
    [InlineData(-1.522879, "0.03")]
    [InlineData(-5.30103, "5e-6")]
    public void TicksReadAsNumbersWithoutExponentLetters(double log10, string expected) => Assert.Equal(expected, Axes.Label(log10));
}
