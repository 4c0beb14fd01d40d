using Warmup.Experiments.Report;

namespace Warmup.Experiments.Tests.Report;

public class FindingsTests
{
    private static CellStatistics Cell(int runs, params double[] values) => new(values, runs);

    [Fact]
    public void GapsWithinTwiceTheStandardErrorAreIndistinguishable()
    {
        // Each cell: sd 1 over 3 values, se 1/sqrt(3); noise of a difference 2 sqrt(2/3) = 1.633.
        var (within, gap, verdict) = Findings.Indistinguishable([Cell(3, 85, 86, 87), Cell(3, 86, 87, 88), Cell(3, 84.5, 85.5, 86.5)]);
        Assert.Equal((true, 1.5, "yes"), (within, gap!.Value, verdict));

        (within, gap, verdict) = Findings.Indistinguishable([Cell(3, 85, 86, 87), Cell(3, 87, 88, 89)]);
        Assert.Equal((false, 2.0, "no"), (within, gap!.Value, verdict));
    }

    [Fact]
    public void DifferentDivergenceCountsAreADifference()
    {
        var (within, gap, verdict) = Findings.Indistinguishable([Cell(3, 85, 86), Cell(3, 85, 86, 87)]);
        Assert.Equal((false, null, "no: diverged 1 of 3/0 of 3"), (within, gap, verdict));

        Assert.Equal((true, null, "yes: all diverged"), Findings.Indistinguishable([Cell(2), Cell(2)]));
        Assert.Equal((null, null, "cannot tell (under 2 finite runs)"), Findings.Indistinguishable([Cell(2, 85), Cell(2, 86)]));
    }

    [Fact]
    public void AdamAgainstLinearWarmupUsesTheSameNoiseTest()
    {
        var linear = Cell(3, 85, 86, 87);
        Assert.Equal("-1.00 (within noise)", Findings.Versus(("adam", Cell(3, 84, 85, 86)), ("untuned-linear", linear), higherIsBetter: true));
        Assert.Equal("-3.00 (worse)", Findings.Versus(("adam", Cell(3, 82, 83, 84)), ("untuned-linear", linear), higherIsBetter: true));
        Assert.Equal("-3.00 (better)", Findings.Versus(("adam", Cell(3, 82, 83, 84)), ("untuned-linear", linear), higherIsBetter: false)); // perplexity
        Assert.Equal("+0.50 (worse); diverged: adam 1/3, untuned-linear 0/3", Findings.Versus(("adam", Cell(3, 86, 87)), ("untuned-linear", linear), higherIsBetter: true));
        Assert.Equal("adam worse; diverged: adam 3/3, untuned-linear 0/3", Findings.Versus(("adam", Cell(3)), ("untuned-linear", linear), higherIsBetter: true));
    }

    [Fact]
    public void ADifferenceThatRoundsToZeroIsPrintedWithOneSign()
    {
        // REPRODUCTION.md printed "-+0.00" for a gap of -0.001: .NET formats a negative number that rounds to zero with
        // the positive section behind a minus sign unless the format has a zero section.
        var linear = Cell(3, 85, 86, 87);
        Assert.Equal("+0.00 (within noise)", Findings.Versus(("adam", Cell(3, 84.999, 85.999, 86.999)), ("untuned-linear", linear), higherIsBetter: true));
        Assert.Equal("+0.00 (within noise)", Findings.Versus(("adam", Cell(3, 85.001, 86.001, 87.001)), ("untuned-linear", linear), higherIsBetter: true));
    }
}
