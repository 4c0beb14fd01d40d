using Warmup.Experiments.Report;

namespace Warmup.Experiments.Tests.Report;

public class CellStatisticsTests
{
    [Fact]
    public void MeanSampleStandardDeviationAndTheTIntervalOfTheMean()
    {
        var cell = new CellStatistics([85.0, 86.0, 87.0], 3); // mean 86, sample sd 1

        Assert.Equal(86.0, cell.Mean, 12);
        Assert.Equal(1.0, cell.StandardDeviation, 12);

        // SciPy 1.10.1: stats.t.interval(0.95, 2, loc=86, scale=1/sqrt(3)) = (83.51586, 88.48414).
        var (low, high) = cell.MeanInterval();
        Assert.Equal(83.51586, low, 1e-5);
        Assert.Equal(88.48414, high, 1e-5);
        Assert.Equal("86.00 ± 1.00", cell.Format(2, usualRuns: 3));
        Assert.Equal("86.00 ± 1.00 (n=3)", cell.Format(2, usualRuns: 10));
    }

    [Fact]
    public void CollapsedAndDivergedRunsAreCountedApart()
    {
        // The CNN's Adam at lr 3e-2: {83.1, 10.0, 10.0} is two collapsed seeds and one that learned, not a mean of 34.4.
        Assert.Equal("34.37 ± 42.20 (2 of 3 collapsed)", new CellStatistics([83.1, 10.0, 10.0], 3, Collapsed: 2).Format(2, 3));
        Assert.Equal("12.500 ± 0.000 (1 diverged)", new CellStatistics([12.5], 2, Collapsed: 0).Format(3, 2));
        Assert.Equal("diverged (3/3)", new CellStatistics([], 3).Format(2));
        Assert.True(double.IsNaN(new CellStatistics([], 3).Mean));
    }
}
