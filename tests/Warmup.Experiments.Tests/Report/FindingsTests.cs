using Warmup.Core.Statistics;
using Warmup.Experiments.Report;

namespace Warmup.Experiments.Tests.Report;

public class FindingsTests
{
    [Fact]
    public void AJudgedComparisonPrintsItsDifferenceIntervalAndVerdict()
    {
        // statsmodels 0.13.5: CompareMeans(85,86,87 vs 81,82,83).tconfint_diff(usevar='unequal') = (1.7299, 6.2701).
        var judged = new Judged(1e-3, 0.99, "adam", "untuned-linear", WelchComparison.Of([85.0, 86, 87], [81.0, 82, 83]), 1.0, Verdict.Better);
        Assert.Equal("+4.00 [+1.73, +6.27] better", judged.Text);
        Assert.Equal("inconclusive (n < 2)", (judged with { Test = WelchComparison.Of([85.0], [81.0, 82]), Verdict = Verdict.Inconclusive }).Text);
    }

    [Fact]
    public void ADifferenceThatRoundsToZeroIsPrintedWithOneSign()
    {
        // REPRODUCTION.md printed "-+0.00" for a gap of -0.001: .NET formats a negative number that rounds to zero with
        // the positive section behind a minus sign unless the format has a zero section.
        var judged = new Judged(1e-3, 0.99, "adam", "untuned-linear", WelchComparison.Of([84.999, 85.999, 86.999], [85.0, 86, 87]), 1.0, Verdict.Inconclusive);
        Assert.StartsWith("+0.00 [", judged.Text, StringComparison.Ordinal);
    }
}
