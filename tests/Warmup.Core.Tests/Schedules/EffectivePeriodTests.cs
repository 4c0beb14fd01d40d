using Warmup.Core.Maths;
using Warmup.Core.Schedules;

namespace Warmup.Core.Tests.Schedules;

/// <summary>
/// The effective warmup period T = sum over t of (1 - omega_t) (Ma and Yarats, Section 4.1): the closed forms and the
/// summation against brute-force sums written here, for the beta2 values the issue names.
/// </summary>
public class EffectivePeriodTests
{
    public static TheoryData<double> Beta2s() => [0.9, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999];

    [Theory]
    [MemberData(nameof(Beta2s))]
    public void LinearClosedFormEqualsTheSum(double beta2)
    {
        var w = WarmupSchedule.UntunedLinear(beta2);
        double sum = 0;
        for (long t = 1; t <= (long)Math.Ceiling(w.Tau); t++)
        {
            sum += 1 - Math.Min(1.0, t / w.Tau);
        }

        Assert.Equal(sum, w.EffectivePeriod(), 1e-9 * sum);
    }

    [Theory]
    [MemberData(nameof(Beta2s))]
    public void ExponentialClosedFormEqualsTheSum(double beta2)
    {
        var w = WarmupSchedule.UntunedExponential(beta2);
        Assert.Equal(BruteForce(w, (long)(60 * w.Tau)), w.EffectivePeriod(), 1e-9 * w.Tau);
    }

    /// <summary>The RAdam-shaped sum (zero for t &lt;= 4, the paper's convention) against a plain sum to 60 / (1 - beta2).</summary>
    [Theory]
    [MemberData(nameof(Beta2s))]
    public void RAdamSumEqualsABruteForceSum(double beta2)
    {
        var w = WarmupSchedule.RAdam(beta2);
        Assert.Equal(BruteForce(w, (long)(60 / (1 - beta2))), w.EffectivePeriod(), 1e-8);
    }

    /// <summary>
    /// The paper's point (Section 4.4, Fig. 3a): for beta2 = 0.999 all three are near 1000. By the closed forms,
    /// untuned linear gives n - n(n+1)/(2 tau) with tau = 2000 (n = 2000): 999.5; untuned exponential 1/(e^0.001 - 1)
    /// = 999.50008.
    /// </summary>
    [Fact]
    public void AtBeta2PointNineNineNineAllThreeAreNearOneThousand()
    {
        Assert.Equal(999.5, WarmupSchedule.UntunedLinear(0.999).EffectivePeriod(), 1e-9);
        Assert.Equal(999.500083, WarmupSchedule.UntunedExponential(0.999).EffectivePeriod(), 1e-6);
        Assert.InRange(WarmupSchedule.RAdam(0.999).EffectivePeriod(), 1000, 1050);
    }

    [Fact]
    public void TheEarlyStepChoiceChangesThePeriodByUnderFour()
    {
        double zero = WarmupSchedule.RAdam(0.999).EffectivePeriod();
        double constant = WarmupSchedule.RAdam(0.999, RAdamEarlySteps.Constant).EffectivePeriod();
        double linear = WarmupSchedule.RAdam(0.999, RAdamEarlySteps.Linear).EffectivePeriod();
        double r5 = WarmupSchedule.RAdam(0.999).Factor(5);
        Assert.Equal(zero - (4 * r5), constant, 1e-9);
        Assert.Equal(zero - (r5 * (1 + 2 + 3 + 4) / 5.0), linear, 1e-9);
    }

    [Fact]
    public void PeriodsShorterThanAStep()
    {
        Assert.Equal(0.0, WarmupSchedule.Linear(0.5).EffectivePeriod());
        Assert.Equal(0.0, WarmupSchedule.Linear(1).EffectivePeriod());
        Assert.Equal(0.0, WarmupSchedule.None.EffectivePeriod());
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-6)]
    [InlineData(0.1)]
    [InlineData(-0.5)]
    [InlineData(3.0)]
    [InlineData(-50.0)]
    public void ExpM1IsAccurate(double x)
    {
        // Reference: the Taylor series for small |x|, exp(x) - 1 where it does not cancel.
        double expected = Math.Abs(x) < 1e-4 ? x + (x * x / 2) + (x * x * x / 6) : Math.Exp(x) - 1;
        Assert.Equal(expected, Numerics.ExpM1(x), Math.Abs(expected) * 1e-14);
    }

    // Sums the smallest terms first, so that rounding does not depend on the order of magnitude of the total.
    private static double BruteForce(WarmupSchedule w, long steps)
    {
        double sum = 0;
        for (long t = steps; t >= 1; t--)
        {
            sum += 1 - w.Factor(t);
        }

        return sum;
    }
}
