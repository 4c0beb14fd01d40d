using FsCheck.Fluent;
using Warmup.Core.Tests.Support;
using Warmup.Core.Schedules;

namespace Warmup.Core.Tests.Schedules;

/// <summary>Warmup factors against their closed forms at chosen steps, and their properties for random inputs.</summary>
public class WarmupFactorTests
{
    // Four ulps of 1: how far rounding may put r_(t+1) below r_t as both approach 1.
    private const double RAdamRounding = 4 * 2.220446049250313e-16;

    [Theory]
    [InlineData(1, 0.0005)]
    [InlineData(1000, 0.5)]
    [InlineData(1999, 0.9995)]
    [InlineData(2000, 1.0)]
    [InlineData(123456, 1.0)]
    public void LinearIsTOverTauCappedAtOne(long t, double expected) =>
        Assert.Equal(expected, WarmupSchedule.Linear(2000).Factor(t), 1e-15);

    [Fact]
    public void LinearTauNeedNotBeAnInteger()
    {
        var w = WarmupSchedule.Linear(2.5);
        Assert.Equal([0.4, 0.8, 1.0], [w.Factor(1), w.Factor(2), w.Factor(3)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(7000)]
    public void ExponentialIsOneMinusExpOfMinusTOverTau(long t) =>
        Assert.Equal(1 - Math.Exp(-t / 1000.0), WarmupSchedule.Exponential(1000).Factor(t), 1e-15);

    [Fact]
    public void ExponentialAtTheFirstStepOfALongWarmupKeepsItsDigits()
    {
        // 1 - exp(-1e-9) = 1e-9 - 5e-19 + ...: exp(-1e-9) is 1 - 1e-9 in double with its last bits lost.
        Assert.Equal(1e-9 - 5e-19, WarmupSchedule.Exponential(1e9).Factor(1), 1e-24);
    }

    /// <summary>tau = 2/(1 - beta2) and 1/(1 - beta2), real-valued: 1999.99... for 0.999, not pytorch_warmup's 1999.</summary>
    [Fact]
    public void UntunedPeriodsComeFromBeta2AndAreNotTruncated()
    {
        Assert.Equal(2 / (1 - 0.999), WarmupSchedule.UntunedLinear(0.999).Tau);
        Assert.True(WarmupSchedule.UntunedLinear(0.999).Tau > 1999.99);
        Assert.Equal(1 / (1 - 0.99), WarmupSchedule.UntunedExponential(0.99).Tau);
        Assert.Equal(WarmupSchedule.UntunedLinear(0.98), WarmupSchedule.Create(WarmupKind.UntunedLinear, beta2: 0.98));
    }

    /// <summary>r_5 for beta2 = 0.999 from Eq. 8 by hand, and the three early-step choices of the paper's ablation.</summary>
    [Fact]
    public void RAdamShapedFollowsTheRectificationTermWithTheChosenEarlySteps()
    {
        double b = 0.999, rhoInf = (2 / (1 - b)) - 1;
        double Rho(int t) => rhoInf - (2 * t * Math.Pow(b, t) / (1 - Math.Pow(b, t)));
        double R(int t) => Math.Sqrt((Rho(t) - 4) * (Rho(t) - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * Rho(t)));

        var zero = WarmupSchedule.RAdam(b);
        Assert.Equal(5, zero.FirstRectifiedStep);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], Enumerable.Range(1, 4).Select(t => zero.Factor(t)));
        foreach (int t in new[] { 5, 6, 50, 1000, 20000 })
        {
            Assert.Equal(R(t), zero.Factor(t), 1e-12);
        }

        var constant = WarmupSchedule.RAdam(b, RAdamEarlySteps.Constant);
        var linear = WarmupSchedule.RAdam(b, RAdamEarlySteps.Linear);
        for (int t = 1; t <= 4; t++)
        {
            Assert.Equal(R(5), constant.Factor(t), 1e-12);
            Assert.Equal(R(5) * t / 5, linear.Factor(t), 1e-12);
        }
    }

    [Fact]
    public void RAdamShapedStartsLaterBelowBeta2PointEight()
    {
        // rho_t for beta2 = 0.7 first exceeds 4 at t = 6 (rho_5 = 3.65, rho_6 = 4.07).
        var w = WarmupSchedule.RAdam(0.7);
        Assert.Equal(6, w.FirstRectifiedStep);
        Assert.Equal(0.0, w.Factor(5));
        Assert.True(w.Factor(6) > 0);
    }

    [Fact]
    public void NoneIsOne() => Assert.Equal(1.0, WarmupSchedule.None.Factor(1));

    /// <summary>
    /// Every step up to 300,000: 0 &lt;= omega_t &lt;= 1 and omega_(t+1) &gt;= omega_t. tau = 2069.5 holds the case,
    /// t = 62,226, where exp - 1 with Kahan's correction at x = -30 came out an ulp out of order; linear and
    /// exponential are now exactly monotone. The RAdam factor r_t is a closed form in rho_t, and once rho_t is within
    /// 1e-12 of rho_inf its rounding moves it by an ulp either way (seen: 0.9999999999983842, then ...841), so it is
    /// held to monotone within RAdamRounding.
    /// </summary>
    [Theory]
    [InlineData(WarmupKind.Exponential, 2069.5, 0.999)]
    [InlineData(WarmupKind.Exponential, 3.7, 0.999)]
    [InlineData(WarmupKind.UntunedExponential, 0, 0.999)]
    [InlineData(WarmupKind.UntunedExponential, 0, 0.9999)]
    [InlineData(WarmupKind.UntunedLinear, 0, 0.999)]
    [InlineData(WarmupKind.Linear, 1234.5, 0.999)]
    [InlineData(WarmupKind.RAdam, 0, 0.61)]
    [InlineData(WarmupKind.RAdam, 0, 0.9)]
    [InlineData(WarmupKind.RAdam, 0, 0.999)]
    [InlineData(WarmupKind.RAdam, 0, 0.9999)]
    public void EveryStepIsBoundedAndNonDecreasing(WarmupKind kind, double tau, double beta2)
    {
        var w = WarmupSchedule.Create(kind, tau == 0 ? 1 : tau, beta2, RAdamEarlySteps.Zero);
        double slack = kind == WarmupKind.RAdam ? RAdamRounding : 0;
        double previous = 0;
        for (long t = 1; t <= 300_000; t++)
        {
            double omega = w.Factor(t);
            if (!(omega >= previous - slack && omega <= 1))
            {
                Assert.Fail($"omega_{t} = {omega:R} after omega_{t - 1} = {previous:R}");
            }

            previous = omega;
        }
    }

    /// <summary>For any kind, beta2 and tau: 0 &lt;= omega_t &lt;= 1, non-decreasing in t, and tending to 1.</summary>
    [Fact]
    public void EveryScheduleIsBoundedNonDecreasingAndTendsToOne()
    {
        var kinds = Gen.Elements(Enum.GetValues<WarmupKind>());
        var beta2s = Gen.Choose(0, 10_000).Select(k => 0.61 + (0.3899 * k / 10_000.0));
        var taus = Gen.Choose(1, 100_000).Select(k => k / 10.0);
        var early = Gen.Elements(Enum.GetValues<RAdamEarlySteps>());
        var steps = Gen.Choose(1, 100_000);
        var cases = from kind in kinds
                    from beta2 in beta2s
                    from tau in taus
                    from e in early
                    from t in steps
                    select (Kind: kind, Beta2: beta2, Tau: tau, Early: e, T: t);
        SeededProperty.Check(Prop.ForAll(
            Arb.From(cases),
            c =>
            {
                var w = WarmupSchedule.Create(c.Kind, c.Tau, c.Beta2, c.Early);
                long t = c.T;
                double now = w.Factor(t), next = w.Factor(t + 1);
                double far = w.Factor(200_000_000);
                double slack = c.Kind == WarmupKind.RAdam ? RAdamRounding : 0;
                return now >= 0 && now <= 1 && next >= now - slack && far > 1 - 1e-6;
            }), seed: 17UL);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ANonPositiveOrNonFiniteTauSaysSo(double tau)
    {
        var e = Assert.Throws<ArgumentException>(() => WarmupSchedule.Linear(tau));
        Assert.Contains("tau must be a positive finite number", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WarmupSchedule.Exponential(tau));
    }

    /// <summary>beta2 = 0 is a valid Adam (no averaging of g^2), as the optimizers accept: the untuned periods are then 2 and 1.</summary>
    [Fact]
    public void Beta2ZeroIsAcceptedAsTheOptimizersAcceptIt()
    {
        Assert.Equal(2.0, WarmupSchedule.UntunedLinear(0.0).Tau);
        Assert.Equal(1.0, WarmupSchedule.UntunedExponential(0.0).Tau);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void Beta2OutsideZeroToOneSaysSo(double beta2)
    {
        var e = Assert.Throws<ArgumentException>(() => WarmupSchedule.UntunedLinear(beta2));
        Assert.Contains("beta2 must be in [0, 1)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WarmupSchedule.UntunedExponential(beta2));
        Assert.Throws<ArgumentException>(() => WarmupSchedule.RAdam(beta2));
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.3)]
    public void RAdamShapedWithBeta2AtMostPointSixSaysItNeverRectifies(double beta2)
    {
        var e = Assert.Throws<ArgumentException>(() => WarmupSchedule.RAdam(beta2));
        Assert.Contains("beta2 > 0.6", e.Message, StringComparison.Ordinal);
        Assert.Contains("never rectifies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepsAreOneBased() => Assert.Throws<ArgumentOutOfRangeException>(() => WarmupSchedule.Linear(10).Factor(0));

    [Fact]
    public void MissingConstantsAreNamed()
    {
        Assert.Contains("tau", Assert.Throws<ArgumentException>(() => WarmupSchedule.Create(WarmupKind.Linear)).Message, StringComparison.Ordinal);
        Assert.Contains("beta2", Assert.Throws<ArgumentException>(() => WarmupSchedule.Create(WarmupKind.RAdam)).Message, StringComparison.Ordinal);
    }
}
