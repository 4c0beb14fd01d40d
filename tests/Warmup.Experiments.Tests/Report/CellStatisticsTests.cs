using Warmup.Experiments.Report;

namespace Warmup.Experiments.Tests.Report;

public class CellStatisticsTests
{
    [Fact]
    public void MeanAndSampleStandardDeviation()
    {
        var cell = new CellStatistics([85.0, 86.0, 87.0], 3); // mean 86, sample sd 1, se 1/sqrt(3)

        Assert.Equal(86.0, cell.Mean, 12);
        Assert.Equal(1.0, cell.StandardDeviation, 12);
        Assert.Equal(1 / Math.Sqrt(3), cell.StandardError, 12);
        Assert.Equal("86.00 ± 1.00", cell.Format(2));
    }

    [Fact]
    public void DivergedRunsAreCountedApart()
    {
        Assert.Equal("12.500 ± 0.000 (1/2 diverged)", new CellStatistics([12.5], 2).Format(3));
        Assert.Equal("diverged (3/3)", new CellStatistics([], 3).Format(2));
        Assert.True(double.IsNaN(new CellStatistics([], 3).Mean));
    }
}
