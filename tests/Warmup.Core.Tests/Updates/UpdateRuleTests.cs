using Warmup.Core.Maths;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Updates;

public class UpdateRuleTests
{
    private static readonly AdaptiveHyperparameters H = new(0.01, 0.9, 0.999, 1e-8, 0.1, false, false);

    [Fact]
    public void AdamStepSizeIsLrOverTheFirstBiasCorrection()
    {
        var c = UpdateRule.Adam(H, 3);
        Assert.Equal(StepKind.Adaptive, c.Kind);
        Assert.Equal(0.01 / (1 - Math.Pow(0.9, 3)), c.StepSize, 1e-18);
        Assert.Equal(Math.Sqrt(1 - Math.Pow(0.999, 3)), c.SqrtBiasCorrection2, 1e-18);
        Assert.Equal((0.1, 1.0, 1.0), (c.L2, c.Decay, c.GradientSign));
    }

    [Fact]
    public void DecoupledDecayAndMaximizeMapToTheirScalars()
    {
        var c = UpdateRule.Adam(H with { DecoupledWeightDecay = true, Maximize = true }, 1);
        Assert.Equal((0.0, 1 - (0.01 * 0.1), -1.0), (c.L2, c.Decay, c.GradientSign));
    }

    [Theory]
    [InlineData(0.999, 4.0, 5)]
    [InlineData(0.999, 5.0, 6)]
    [InlineData(0.7, 4.0, 6)]
    public void RAdamSwitchesKindAtTheFirstRectifiedStep(double beta2, double threshold, int first)
    {
        var h = H with { Beta2 = beta2 };
        for (int t = 1; t <= first + 3; t++)
        {
            var momentum = UpdateRule.RAdam(h, t, threshold, EarlyPhase.Momentum);
            var skip = UpdateRule.RAdam(h, t, threshold, EarlyPhase.Skip);
            double bc1 = 1 - Math.Pow(0.9, t);
            if (t < first)
            {
                Assert.Equal((StepKind.Momentum, 0.01 / bc1), (momentum.Kind, momentum.StepSize));
                Assert.Equal((StepKind.MomentsOnly, 1.0), (skip.Kind, skip.Decay));
            }
            else
            {
                double r = Rectification.Term(t, beta2);
                Assert.Equal(StepKind.Adaptive, momentum.Kind);
                Assert.Equal(0.01 * r / bc1, momentum.StepSize, 1e-18);
                Assert.Equal(momentum, skip);
            }
        }
    }

    /// <summary>Adam-2k: v only for the first K steps, then Adam with m's bias correction counted from K.</summary>
    [Fact]
    public void AdamTwoKFreezesThenCountsTheFirstMomentFromItsStart()
    {
        for (int t = 1; t <= 3; t++)
        {
            var frozen = UpdateRule.Adam(H with { DecoupledWeightDecay = true }, t, 3);
            Assert.Equal((StepKind.SecondMomentOnly, 1.0, 0.0), (frozen.Kind, frozen.Decay, frozen.StepSize));
        }

        var after = UpdateRule.Adam(H, 5, 3);
        Assert.Equal(StepKind.Adaptive, after.Kind);
        Assert.Equal(0.01 / (1 - Math.Pow(0.9, 2)), after.StepSize, 1e-18);
        Assert.Equal(Math.Sqrt(1 - Math.Pow(0.999, 5)), after.SqrtBiasCorrection2, 1e-18);
        Assert.Equal(UpdateRule.Adam(H, 7), UpdateRule.Adam(H, 7, 0));
    }

    [Fact]
    public void EpsBeforeBiasCorrectionIsEpsOverTheRootOfTheSecondBiasCorrection()
    {
        // (sqrt(v) + eps) / sqrt(1 - b2^t) = sqrt(v_hat) + eps / sqrt(1 - b2^t).
        var h = new AdaptiveHyperparameters(1e-3, 0.9, 0.999, 1e-4, 0, false, false, EpsBeforeBiasCorrection: true);
        Assert.Equal(1e-4 / Math.Sqrt(1 - 0.999), UpdateRule.Adam(h, 1).Eps, 1e-18);
        Assert.Equal(1e-4 / Math.Sqrt(1 - Math.Pow(0.999, 50)), UpdateRule.RAdam(h, 50, 4, EarlyPhase.Momentum).Eps, 1e-18);
        Assert.Equal(1e-4, UpdateRule.Adam(h with { EpsBeforeBiasCorrection = false }, 1).Eps);
    }

    [Fact]
    public void RAdamSkipsWeightDecayWhileSkipping()
    {
        var c = UpdateRule.RAdam(H with { DecoupledWeightDecay = true }, 1, 4, EarlyPhase.Skip);
        Assert.Equal((StepKind.MomentsOnly, 1.0, 0.0), (c.Kind, c.Decay, c.StepSize));
    }

    [Fact]
    public void RAdamWithAnUnreachableThresholdIsMomentumForever()
    {
        var h = H with { Beta2 = 0.5 };
        Assert.All(Enumerable.Range(1, 200), t => Assert.Equal(StepKind.Momentum, UpdateRule.RAdam(h, t, 4, EarlyPhase.Momentum).Kind));
    }
}
