using Warmup.Experiments.Methods;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Methods;

/// <summary>
/// A method's ramp (<see cref="MethodDefinition.Ramp"/>) and its length, the step from which the rate is at least 95 %
/// of its peak, each against its closed form; and the warning of a run that ends before its ramp does.
/// </summary>
public sealed class WarmupRampTests
{
    public static TheoryData<string, double, long?> Lengths => new()
    {
        // Linear over tau = 2 / (1 - beta2) = 2,000 steps: 0.95 tau.
        { "untuned-linear", 0.999, 1900 },
        { "stable-adamw+untuned-linear", 0.999, 1900 },
        { "adam+linear:100", 0.999, 95 },

        // Exponential, tau = 1 / (1 - beta2): 1 - exp(-t / tau) >= 0.95 from t = tau ln 20 = 2,995.7.
        { "untuned-exp", 0.999, 2996 },
        { "adam+exp:10", 0.999, 30 },

        // 0.01 * 100^((t - 2) / 230) >= 0.95 from t = 2 + 230 ln 95 / ln 100 = 229.4.
        { "geometric", 0.999, 230 },

        // GI-Adam with bias correction: sqrt(1 - beta2^t) >= 0.95 from t = ln(1 - 0.9025) / ln(0.999) = 2,326.6.
        { "gi-adam-bc", 0.999, 2327 },

        // No fixed ramp: none, gated, extra steps, RAdam's rectification, weight decay.
        { "adam", 0.999, null },
        { "dynamic", 0.999, null },
        { "adam-2k", 0.999, null },
        { "radam", 0.999, null },
        { "adamw", 0.999, null },
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EachRampReaches95PercentWhereItsClosedFormSays(string method, double beta2, long? length)
    {
        var ramp = MethodSpec.Parse(method).Ramp(beta2);
        Assert.Equal(length, ramp?.Length());
        if (ramp is not null)
        {
            Assert.True(ramp.Factor(length!.Value - 1) < WarmupRamp.Reached);
            Assert.True(ramp.Factor(length.Value) >= WarmupRamp.Reached);
        }
    }

    [Fact]
    public void TheRampOfRAdamsFactorGivenToAdamFollowsRAdamsRectification()
    {
        // r_t, Liu et al. Eq. (7) (MethodSpecTests.R): the first step from which it is 95 %.
        var ramp = MethodSpec.Parse("adam+radam-warmup").Ramp(0.99)!;
        long length = ramp.Length()!.Value;
        Assert.True(MethodSpecTests.R((int)length, 0.99) >= 0.95);
        Assert.True(MethodSpecTests.R((int)length - 1, 0.99) < 0.95);
    }

    [Fact]
    public void TheWarningNamesEachMethodWhoseRampOutlastsTheRunsOnce()
    {
        var runs = new[] { "adam", "untuned-linear", "untuned-exp", "untuned-linear" }
            .Select(m => TrainerTests.Small() with { Method = MethodSpec.Parse(m), Beta2 = 0.999 })
            .ToList();

        Assert.Equal(
            "warning: a warmup longer than the run (300 steps): untuned-linear (beta2 0.999) reaches 95 % of its learning rate at step 1,900, and 15 % by the end; " +
            "untuned-exp (beta2 0.999) reaches 95 % of its learning rate at step 2,996, and 26 % by the end. Training goes on.",
            WarmupRamp.Warning(runs, 300));
        Assert.Null(WarmupRamp.Warning(runs, 3000));
        Assert.Null(WarmupRamp.Warning([TrainerTests.Small() with { Method = MethodSpec.Parse("geometric:2") }], 10)); // refused when it trains, not here
    }
}
