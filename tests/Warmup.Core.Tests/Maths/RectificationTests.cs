using FsCheck.Fluent;
using Warmup.Core.Tests.Support;
using Warmup.Core.Maths;

namespace Warmup.Core.Tests.Maths;

public class RectificationTests
{
    /// <summary>rho_1 = (1 + b)/(1 - b) - 2b/(1 - b) = 1 for every beta2 (closed form of Eq. 7 at t = 1).</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    [InlineData(0.99999)]
    public void RhoAtTheFirstStepIsOne(double beta2) => Assert.Equal(1.0, Rectification.Rho(1, beta2), 1e-9);

    [Theory]
    [InlineData(0.999, 1999.0)]
    [InlineData(0.9, 19.0)]
    [InlineData(0.6, 4.0)]
    public void RhoInfinityIsTwoOverOneMinusBeta2MinusOne(double beta2, double expected) =>
        Assert.Equal(expected, Rectification.RhoInfinity(beta2), 1e-9);

    /// <summary>
    /// rho_t is the length of the simple moving average with the same centre of mass as the EMA (Liu et al. Sec. 4.1):
    /// computed here independently by summing the EMA's weights. The last f gradients have mean age (f + 1) / 2, so
    /// f = 2 * (mean age of the EMA) - 1.
    /// </summary>
    [Theory]
    [InlineData(0.9, 3)]
    [InlineData(0.9, 40)]
    [InlineData(0.999, 5)]
    [InlineData(0.999, 2500)]
    [InlineData(0.7, 9)]
    public void RhoIsTheLengthOfTheSmaWithTheSameCentreOfMass(double beta2, int t)
    {
        double weight = 0;
        double weightedIndex = 0;
        for (int i = 1; i <= t; i++)
        {
            double w = (1 - beta2) * Math.Pow(beta2, t - i);
            weight += w;
            weightedIndex += w * (t + 1 - i);
        }

        double meanAge = weightedIndex / weight;
        double f = (2 * meanAge) - 1;
        Assert.Equal(f, Rectification.Rho(t, beta2), 1e-8 * Math.Max(1, f));
    }

    /// <summary>
    /// Near beta2 = 1, rho_t tends to t and the textbook formula cancels catastrophically; against exact rational
    /// arithmetic (BigInteger, the double beta2 taken exactly) rho_t must keep its digits, so Fact 3.1 holds there too.
    /// </summary>
    [Theory]
    [InlineData(1e-3, 4)]
    [InlineData(1e-6, 4)]
    [InlineData(1e-8, 4)]
    [InlineData(1e-12, 4)]
    [InlineData(1e-12, 5)]
    [InlineData(1e-9, 64)]
    [InlineData(1e-4, 65)]
    [InlineData(1e-7, 1000)]
    [InlineData(0.001, 5000)]
    [InlineData(0.25, 3)]
    public void RhoIsAccurateAsBeta2ApproachesOne(double epsilon, int t)
    {
        double beta2 = 1 - epsilon;
        double exact = ExactRho(t, beta2);
        double rho = Rectification.Rho(t, beta2);

        // Up to StableSumSteps the sum form is good to a few ulps; beyond, the formula's remaining cancellation costs
        // about 1 / (t (1 - beta2)) ulps.
        double tolerance = t <= Rectification.StableSumSteps ? 1e-14 : 1e-15 * Math.Max(1, 1 / (t * epsilon));
        Assert.True(Math.Abs(rho - exact) <= tolerance * Math.Abs(exact), $"rho_{t} = {rho:R}, exact {exact:R}");
        if (t == 4)
        {
            Assert.True(rho <= 4);
        }
    }

    private static double ExactRho(int t, double beta2)
    {
        // beta2 = m / 2^52 exactly, for beta2 in [0.5, 1): a double's mantissa with exponent -1 scaled to 2^-53 ulps.
        var den = System.Numerics.BigInteger.Pow(2, 60);
        var num = new System.Numerics.BigInteger(Math.ScaleB(beta2, 60));
        Assert.Equal(beta2, Math.ScaleB((double)num, -60));
        var bt = System.Numerics.BigInteger.Pow(num, t);
        var dt = System.Numerics.BigInteger.Pow(den, t);

        // rho_t = (1 + b)/(1 - b) - 2 t b^t / (1 - b^t), as one fraction P / Q.
        var p = ((den + num) * (dt - bt)) - (2 * t * bt * (den - num));
        var q = (den - num) * (dt - bt);
        return Math.ScaleB((double)((p << 64) / q), -64);
    }

    [Fact]
    public void TheTermIsNaNWhereTheVarianceIsInfiniteAndTendsToOne()
    {
        Assert.True(double.IsNaN(Rectification.Term(4, 0.999)));
        Assert.True(double.IsNaN(Rectification.Term(4.0, 1999.0)));
        Assert.True(double.IsNaN(Rectification.Term(10, 0.5)));
        Assert.Equal(1.0, Rectification.Term(1_000_000, 0.999), 1e-12);
        Assert.Equal(1.0, Rectification.Term(1999.0, 1999.0), 1e-15);
    }

    /// <summary>r_t by hand from Eq. 8 at beta2 = 0.999, t = 5: rho_5 = 1999 - 10 b^5 / (1 - b^5).</summary>
    [Fact]
    public void TheTermAtStepFiveMatchesEquationEight()
    {
        double b5 = Math.Pow(0.999, 5);
        double rho = 1999 - (10 * b5 / (1 - b5));
        double expected = Math.Sqrt((rho - 4) * (rho - 2) * 1999 / (1995.0 * 1997.0 * rho));
        Assert.Equal(expected, Rectification.Term(5, 0.999), 1e-12);
        Assert.InRange(rho, 4.99, 5.0);
    }

    /// <summary>Ma and Yarats, Fact 3.1: for 0.8 &lt;= beta2 &lt; 1 and integer t &gt;= 1, rho_t &lt;= 4 iff t &lt;= 4.</summary>
    [Fact]
    public void FactThreePointOneHoldsForRandomBeta2AndSteps()
    {
        var beta2s = Gen.Choose(0, 1_000_000).Select(k => 0.8 + (0.2 * k / 1_000_001.0));
        var steps = Gen.Choose(1, 5000);
        SeededProperty.Check(Prop.ForAll(Arb.From(beta2s), Arb.From(steps), (beta2, t) => (Rectification.Rho(t, beta2) <= 4) == (t <= 4)), seed: 31UL);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    [InlineData(0.99999)]
    public void FirstStepAboveFourIsFiveFromBeta2PointEight(double beta2) =>
        Assert.Equal(5, Rectification.FirstStepAbove(4, beta2));

    [Fact]
    public void FirstStepAboveIsNullWhenTheThresholdIsNeverReached()
    {
        Assert.Null(Rectification.FirstStepAbove(4, 0.6));
        Assert.Null(Rectification.FirstStepAbove(4, 0.3));
        Assert.Equal(1, Rectification.FirstStepAbove(0.5, 0.9));
        Assert.False(Rectification.CanReach(5, 0.666));
        Assert.True(Rectification.CanReach(5, 0.667));
    }

    [Fact]
    public void FirstStepAboveIsTheFirstSuchStep()
    {
        foreach (double beta2 in new[] { 0.61, 0.7, 0.9, 0.99, 0.9999 })
        {
            foreach (double threshold in new[] { 4.0, 5.0, 0.9 * Rectification.RhoInfinity(beta2) })
            {
                if (!Rectification.CanReach(threshold, beta2))
                {
                    continue;
                }

                long t = Rectification.FirstStepAbove(threshold, beta2)!.Value;
                Assert.True(Rectification.Rho(t, beta2) > threshold);
                Assert.True(t == 1 || Rectification.Rho(t - 1, beta2) <= threshold);
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Beta2OutOfRangeIsRejected(double beta2) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Rectification.RhoInfinity(beta2));

    [Fact]
    public void StepZeroIsRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => Rectification.Rho(0, 0.9));
}
