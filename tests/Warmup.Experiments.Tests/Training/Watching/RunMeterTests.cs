using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Tests.Training.Watching;

// Before the live line, `train` showed "training charlm untuned-linear: 20 %": no loss, no rate, no time left, so a
// diverging run was invisible until it ended.
public class RunMeterTests
{
    private static TrainingStep At(int step, double loss, double seconds, int total = 100, double lr = 1e-3) =>
        new(step, step, total, loss, lr, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void AConstantLossIsShownAsItIsFromTheFirstStep()
    {
        // The moving average is bias-corrected: (1 - 0.98) x 2.5 / (1 - 0.98) = 2.5 after one step, not 0.05.
        var meter = new RunMeter();
        meter.Stepped(At(1, 2.5, 0.1));
        Assert.Equal(2.5, meter.SmoothedLoss, 12);
        for (int t = 2; t <= 30; t++)
        {
            meter.Stepped(At(t, 2.5, 0.1 * t));
        }

        Assert.Equal(2.5, meter.SmoothedLoss, 12);
    }

    [Fact]
    public void TheSmoothedLossIsTheBiasCorrectedMovingAverage()
    {
        // By hand, smoothing 0.5: m1 = 0.5 x 4 = 2, m2 = 0.5 x 2 + 0.5 x 2 = 2; corrected m2 / (1 - 0.25) = 8/3.
        var meter = new RunMeter(0.5);
        meter.Stepped(At(1, 4, 0.1));
        meter.Stepped(At(2, 2, 0.2));
        Assert.Equal(8.0 / 3.0, meter.SmoothedLoss, 12);
    }

    [Fact]
    public void SpeedAndTimeLeftComeFromTheStepsTimes()
    {
        var meter = new RunMeter();
        Assert.Null(meter.Remaining);
        meter.Stepped(At(1, 1, 0.0));
        meter.Stepped(At(11, 1, 1.0));   // 10 steps in the first second
        Assert.Equal(10, meter.StepsPerSecond, 12);
        Assert.Equal(TimeSpan.FromSeconds(8.9), meter.Remaining);   // 89 steps left at 10 steps/s
        meter.Stepped(At(41, 1, 2.0));   // 30 in the next: the windows are averaged, (10 + 30) / 2
        Assert.Equal(20, meter.StepsPerSecond, 12);
    }

    [Fact]
    public void TheLineSaysStepLossRateSpeedTimeLeftAndTheLastEvaluation()
    {
        var meter = new RunMeter(0.5);
        Assert.Equal("starting", meter.Line);
        meter.Stepped(At(1, 3, 0.0, total: 2000, lr: 4.1e-3));
        meter.Stepped(At(421, 3, 10.5, total: 2000, lr: 4.1e-3));
        meter.Evaluated(400, "test accuracy (%)", 84.2);

        Assert.Equal("step 421/2,000 (21 %), loss 3.000, lr 4.1e-3, 40 steps/s, 0:39 left, test accuracy (%) 84.20 at 400", meter.Line);
    }

    [Fact]
    public void ADivergingStepSaysSo()
    {
        var meter = new RunMeter();
        meter.Stepped(At(1, 2, 0.1));
        meter.Stepped(At(2, double.NaN, 0.2, lr: double.NaN));

        Assert.Contains("loss not finite", meter.Line, StringComparison.Ordinal);
        Assert.Equal(2, meter.SmoothedLoss, 12);   // a non-finite loss is not averaged in
    }

    [Fact]
    public void AdamTwoKsSecondMomentStepsCountTowardsTheRun()
    {
        // K = 5 v-only steps numbered -4 .. 0, then 1 .. 10: step 3 is the 8th of 15.
        var meter = new RunMeter();
        meter.Stepped(new TrainingStep(3, 8, 15, 1, 1e-3, TimeSpan.FromSeconds(1)));
        Assert.StartsWith("step 3/10 (53 %)", meter.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41, "0:41")]
    [InlineData(725, "12:05")]
    [InlineData(10930, "3:02:10")]
    public void TimesReadAsClocks(double seconds, string expected) => Assert.Equal(expected, RunMeter.Clock(TimeSpan.FromSeconds(seconds)));
}
