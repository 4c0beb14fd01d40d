using Warmup.Core.Statistics;

namespace Warmup.Core.Tests.Statistics;

/// <summary>
/// Student's t, Welch's comparison, Holm's correction and the verdicts against published implementations: every
/// expected value below was printed by SciPy 1.10.1 (<c>scipy.stats.t.cdf</c>, <c>t.ppf</c>,
/// <c>ttest_ind(equal_var=False)</c> and its <c>alternative='less'/'greater'</c> forms on samples shifted by the margin)
/// and statsmodels 0.13.5 (<c>CompareMeans(...).ttest_ind(usevar='unequal')</c> for t, df and p,
/// <c>tconfint_diff(alpha=0.05, usevar='unequal')</c> for the 95 % interval, <c>multipletests(method='holm')</c>), from
/// Debian 12's python3-scipy and python3-statsmodels. Some samples are this project's cells (dynamic against Adam at lr
/// 1e-3, Adam at 3e-2, the CNN's collapsed Adam seeds).
/// </summary>
public class WelchTests
{
    [Theory]
    [InlineData(-1.3, 3.7, 0.13433336208631366)]
    [InlineData(0.5, 1, 0.6475836176504333)]
    [InlineData(2.0, 2, 0.908248290463863)]
    [InlineData(2.776445105, 4, 0.9749999999949402)]
    [InlineData(1.0, 2.5, 0.7979694863608633)]
    [InlineData(-3.2, 10, 0.004745847897651922)]
    [InlineData(0.1, 30, 0.5394951941048645)]
    [InlineData(4.0, 200, 0.999955434523907)]
    [InlineData(-6.0, 3, 0.00463635744614233)]
    public void StudentTCdfMatchesSciPy(double t, double df, double expected) =>
        Assert.Equal(expected, StudentT.Cdf(t, df), 1e-12);

    [Theory]
    [InlineData(0.975, 2.5, 3.5746548420118773)]
    [InlineData(0.975, 2, 4.302652729911275)]
    [InlineData(0.95, 3.7, 2.1824938048932987)]
    [InlineData(0.995, 1, 63.65674116287399)]
    [InlineData(0.9, 30, 1.3104150225671307)]
    [InlineData(0.999, 4.2, 6.837511502870629)]
    [InlineData(0.6, 7, 0.2631668613520166)]
    [InlineData(0.025, 5, -2.57058183661474)]
    public void StudentTQuantileMatchesSciPy(double p, double df, double expected)
    {
        // SciPy's ppf (Cephes' stdtrit) is itself good to about 1e-9 here: its t.cdf of its own ppf(0.9, 30) is
        // 0.8999999995; the quantile found by bisection on the CDF inverts the CDF to 1e-14.
        double t = StudentT.Quantile(p, df);
        Assert.Equal(expected, t, 1e-8 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(p, StudentT.Cdf(t, df), 1e-14);
    }

    public static TheoryData<Sample> Cases() =>
    [
        new Sample([7.77, 7.86, 7.68], [7.97, 8.02, 7.92], T: -3.3646329245522475, Df: 3.1271917617589633, P: 0.04095825230408665, Low: -0.38489139452400256, High: -0.015108605475996045, NiLower: 0.0029348538668575196, NiHigher: 0.49999999999999445),
        new Sample([26.88, 30.1, 23.66], [9.26, 8.7, 9.8], T: 9.346082617646902, Df: 2.1166143211619137, P: 0.009359170971483706, Low: 9.925615729344658, High: 25.327717603988674, NiLower: 0.9952081116769812, NiHigher: 0.004571094018875283),
        new Sample([83.1, 10.0, 10.0], [85.2, 86.0, 84.1], T: -2.0815476897099217, Df: 2.0020435617774837, P: 0.17271454900212202, Low: -155.4989045149672, High: 54.03223784830053, NiLower: 0.08584445584927147, NiHigher: 0.9131257390119579),
        new Sample([1.0, 2.0, 3.0, 4.0], [2.5, 2.5, 2.6], T: -0.05157106231293948, Df: 3.0159891627822635, P: 0.9620962386705486, Low: -2.0841752741015243, High: 2.017508607434858, NiLower: 0.37095385140416653, NiHigher: 0.4065564969348726),
        new Sample([6.41, 6.2, 6.6], [6.6, 6.45, 6.75], T: -1.362183434791855, Df: 3.7084592097263163, P: 0.2499976451851442, Low: -0.610258131795129, High: 0.21692479846179463, NiLower: 0.027998672957441344, NiHigher: 0.49138418700332653),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void WelchMatchesSciPyAndStatsmodels(Sample c)
    {
        var w = WelchComparison.Of(c.A, c.B);
        Assert.Equal(c.T, w.Difference / w.StandardError, 1e-10 * Math.Abs(c.T));
        Assert.Equal(c.Df, w.DegreesOfFreedom, 1e-10 * c.Df);
        Assert.Equal(c.P, w.PValue, 1e-10);
        var (low, high) = w.Interval(0.95);
        Assert.Equal(c.Low, low, 1e-8 * Math.Max(1, Math.Abs(c.Low)));
        Assert.Equal(c.High, high, 1e-8 * Math.Max(1, Math.Abs(c.High)));

        // Non-inferiority at margin 0.2: lower is better (H0: a - b >= 0.2), higher is better (H0: a - b <= -0.2).
        Assert.Equal(c.NiLower, w.NonInferiorityPValue(0.2, higherIsBetter: false), 1e-10);
        Assert.Equal(c.NiHigher, w.NonInferiorityPValue(0.2, higherIsBetter: true), 1e-10);
    }

    [Theory]
    [InlineData(new[] { 0.01, 0.02, 0.03, 0.04, 0.05 }, new[] { 0.05, 0.08, 0.09, 0.09, 0.09 })]
    [InlineData(new[] { 0.04, 0.001, 0.2, 0.03 }, new[] { 0.09, 0.004, 0.2, 0.09 })]
    [InlineData(new[] { 0.5, 0.012, 0.011 }, new[] { 0.5, 0.033, 0.033 })]
    public void HolmMatchesStatsmodels(double[] p, double[] expected)
    {
        var adjusted = Holm.Adjust(p);
        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-12);
        }
    }

    [Fact]
    public void HolmLeavesUndefinedTestsOutOfTheCount() =>
        Assert.Equal([0.02, double.NaN, 0.03], Holm.Adjust([0.01, double.NaN, 0.03]));

    [Fact]
    public void VerdictsAreCorrectedTogetherAndUseTheMargin()
    {
        // Cases 0, 1, 4 in one family, perplexity-like (lower is better), margins 0.2: raw p 0.041, 0.0094, 0.25.
        var family = new[] { 0, 1, 4 }.Select(i => Cases().ElementAt(i).Data).Select(c => WelchComparison.Of(c.A, c.B)).ToArray();
        var verdicts = Verdicts.Decide(family, [0.2, 0.2, 0.2], higherIsBetter: false);

        // Holm: 0.0094 * 3 = 0.028 < 0.05 -> case 1 (a higher perplexity) is worse; 0.041 * 2 = 0.082: not a difference, but
        // its non-inferiority p 0.0029 (x 3 = 0.0088 after Holm) shows it within the margin; case 4's 0.028 (x 2 = 0.056) does not.
        Assert.Equal([Verdict.NonInferior, Verdict.Worse, Verdict.Inconclusive], verdicts);
        Assert.Equal("non-inferior at the margin", Verdicts.Words(Verdict.NonInferior));
    }

    [Fact]
    public void DegenerateSamplesAreHandled()
    {
        var constant = WelchComparison.Of([10.0, 10.0, 10.0], [10.0, 10.0]);
        Assert.Equal(1.0, constant.PValue);
        Assert.Equal((0.0, 0.0), constant.Interval());
        Assert.Equal(0.0, WelchComparison.Of([10.0, 10.0], [11.0, 11.0]).PValue);
        var single = WelchComparison.Of([1.0], [2.0, 3.0]);
        Assert.False(single.IsDefined);
        Assert.True(double.IsNaN(single.PValue));
        Assert.Equal([Verdict.Inconclusive], Verdicts.Decide([single], [0.1], true));
        Assert.Throws<ArgumentException>(() => WelchComparison.Of([], [1.0]));
        Assert.Throws<ArgumentException>(() => WelchComparison.Of([double.NaN], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(0, 0));
    }

    [Fact]
    public void AContrastWithWeightsOneAndMinusOneIsWelchsComparison()
    {
        foreach (var c in Cases().Select(r => r.Data))
        {
            var contrast = WelchContrast.Of([(c.A, 1.0), (c.B, -1.0)]);
            Assert.Equal(c.Df, contrast.DegreesOfFreedom, 1e-10 * c.Df);
            Assert.Equal(c.P, contrast.PValue, 1e-10);
            Assert.Equal(c.Low, contrast.Interval().Low, 1e-8 * Math.Max(1, Math.Abs(c.Low)));
        }
    }

    [Fact]
    public void ADifferenceOfDifferencesFollowsSatterthwaite()
    {
        // Four samples of variance 1 and n = 3: SE^2 = 4 * 1/3; df = (4/3)^2 / (4 * (1/3)^2 / 2) = 8 (Satterthwaite 1946,
        // worked by hand); the value (2 - 1) - (6 - 4) = -1.
        double[] a = [1, 2, 3], b = [0, 1, 2], c = [5, 6, 7], d = [3, 4, 5];
        var contrast = WelchContrast.Of([(a, 1.0), (b, -1.0), (c, -1.0), (d, 1.0)]);
        Assert.Equal(-1.0, contrast.Value, 1e-12);
        Assert.Equal(Math.Sqrt(4.0 / 3), contrast.StandardError, 1e-12);
        Assert.Equal(8.0, contrast.DegreesOfFreedom, 1e-12);
        Assert.Equal(2 * StudentT.Cdf(-1 / Math.Sqrt(4.0 / 3), 8), contrast.PValue, 1e-12);
    }

    [Fact]
    public void TheBootstrapIsSeededAndCoversTheMean()
    {
        double[] xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var a = Bootstrap.Interval(rng => Bootstrap.Resample(xs, rng).Average(), seed: 7);
        var b = Bootstrap.Interval(rng => Bootstrap.Resample(xs, rng).Average(), seed: 7);
        Assert.Equal(a, b);
        Assert.True(a.Low < 5.5 && 5.5 < a.High && a.Low > 3 && a.High < 8, $"{a}");
    }

    /// <summary>Two samples and what SciPy and statsmodels computed for them.</summary>
    public sealed record Sample(double[] A, double[] B, double T, double Df, double P, double Low, double High, double NiLower, double NiHigher);
}
