using MathNet.Numerics;
using Warmup.Analysis.Analyses;

namespace Warmup.Analysis.Tests.Analyses;

public class VarianceTests
{
    /// <summary>
    /// Eq. 4 against numerical integration: with y = 1/x ~ Gamma(rho/2, rate rho/2) (the scaled inverse chi-square with
    /// tau = 1), E[x^a] = int y^-a g(y) dy / int g(y) dy, integrated by MathNet's double-exponential rule on the
    /// unnormalized density, so no gamma function is involved.
    /// </summary>
    [Theory]
    [InlineData(5.0)]
    [InlineData(7.5)]
    [InlineData(10.0)]
    [InlineData(50.0)]
    [InlineData(200.0)]
    [InlineData(500.0)]
    public void EquationFourMatchesNumericalIntegration(double rho)
    {
        double mode = (rho - 2) / rho;
        double logPeak = ((rho / 2) - 1) * Math.Log(mode) - (rho * mode / 2);
        double Density(double y) => y <= 0 ? 0 : Math.Exp((((rho / 2) - 1) * Math.Log(y)) - (rho * y / 2) - logPeak);
        double upper = 1 + (60 / Math.Sqrt(rho));
        double mass = Integrate.DoubleExponential(Density, 0, upper, 1e-14);
        double ex = Integrate.DoubleExponential(y => Density(y) / y, 0, upper, 1e-14) / mass;
        double esqrt = Integrate.DoubleExponential(y => Density(y) / Math.Sqrt(y), 0, upper, 1e-14) / mass;
        double numeric = ex - (esqrt * esqrt);
        Assert.Equal(numeric, AdaptiveRateVariance.Exact(rho), 1e-9 * numeric);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(33.3)]
    [InlineData(400.0)]
    public void TheGammaRatioFormEqualsTheBetaForm(double rho) =>
        Assert.Equal(AdaptiveRateVariance.ExactBetaForm(rho), AdaptiveRateVariance.Exact(rho), 1e-12);

    [Fact]
    public void FirstOrderIsEquationSix() => Assert.Equal(5.0 / (2 * 3 * 1), AdaptiveRateVariance.FirstOrder(5));

    [Fact]
    public void TheoremOneAndTheHundredfoldClaimHold()
    {
        var r = VarianceAnalysis.Run(500, 0.01);
        Assert.True(r.MonotoneDecreasing);
        Assert.True(r.CheckedPoints > 49_000);
        Assert.True(r.RatioFiveTo500 > 100);
        Assert.Equal(496, r.Rows.Count);
    }

    [Fact]
    public void OutsideTheDomainIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveRateVariance.Exact(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveRateVariance.FirstOrder(4));
    }
}
