namespace Warmup.Core.Statistics;

/// <summary>
/// Welch's comparison of two samples' means with unequal variances (Welch 1947): the difference of the means
/// <c>a - b</c>, its standard error <c>sqrt(s_a^2 / n_a + s_b^2 / n_b)</c>, the Welch-Satterthwaite degrees of freedom,
/// t, the two-sided p-value, confidence intervals and the one-sided non-inferiority test at a margin. Checked against
/// SciPy's <c>ttest_ind(equal_var=False)</c> and statsmodels' <c>CompareMeans</c> (test data named in the tests).
/// </summary>
public sealed record WelchComparison
{
    private WelchComparison()
    {
    }

    /// <summary>Values in the first sample.</summary>
    public int CountA { get; private init; }

    /// <summary>Values in the second sample.</summary>
    public int CountB { get; private init; }

    /// <summary>The first sample's mean.</summary>
    public double MeanA { get; private init; }

    /// <summary>The second sample's mean.</summary>
    public double MeanB { get; private init; }

    /// <summary>MeanA - MeanB.</summary>
    public double Difference => MeanA - MeanB;

    /// <summary>The difference's standard error (0 when both samples are constant).</summary>
    public double StandardError { get; private init; }

    /// <summary>Welch-Satterthwaite degrees of freedom (n_a + n_b - 2 when both samples are constant).</summary>
    public double DegreesOfFreedom { get; private init; }

    /// <summary>Whether both samples have at least 2 values, so that the test exists.</summary>
    public bool IsDefined => CountA >= 2 && CountB >= 2;

    /// <summary>
    /// The two-sided p-value of "the means are equal" (NaN when <see cref="IsDefined"/> is false; 1 or 0 when both samples
    /// are constant, as the difference is 0 or not).
    /// </summary>
    public double PValue => !IsDefined ? double.NaN : WelchContrast.TwoSidedP(Difference, StandardError, DegreesOfFreedom);

    /// <summary>Compares the means of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">The first sample (finite values).</param>
    /// <param name="b">The second sample.</param>
    /// <exception cref="ArgumentException">A sample is empty or holds a value that is not finite.</exception>
    public static WelchComparison Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Check(a, nameof(a));
        Check(b, nameof(b));
        var (ma, va) = MeanAndVariance(a);
        var (mb, vb) = MeanAndVariance(b);
        double sa = va / a.Count, sb = vb / b.Count;
        double se2 = sa + sb;
        double df = se2 == 0 ? a.Count + b.Count - 2
            : se2 * se2 / (((sa * sa) / Math.Max(a.Count - 1, 1)) + ((sb * sb) / Math.Max(b.Count - 1, 1)));
        return new WelchComparison { CountA = a.Count, CountB = b.Count, MeanA = ma, MeanB = mb, StandardError = Math.Sqrt(se2), DegreesOfFreedom = df };
    }

    /// <summary>The two-sided confidence interval of the difference at <paramref name="level"/> (NaN bounds when not defined).</summary>
    /// <param name="level">The confidence level, in (0, 1); default 0.95.</param>
    public (double Low, double High) Interval(double level = 0.95)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        }

        if (!IsDefined)
        {
            return (double.NaN, double.NaN);
        }

        return WelchContrast.Interval(Difference, StandardError, DegreesOfFreedom, level);
    }

    /// <summary>
    /// The one-sided p-value of "a is worse than b by the margin or more" (non-inferiority, Welch's t shifted by the
    /// margin): small when a's mean is credibly within <paramref name="margin"/> of b's, or better. For a metric where
    /// higher is better, worse means <c>a - b &lt;= -margin</c>; otherwise <c>a - b &gt;= margin</c>.
    /// </summary>
    /// <param name="margin">The margin, &gt;= 0, in the metric's units.</param>
    /// <param name="higherIsBetter">The metric's direction.</param>
    public double NonInferiorityPValue(double margin, bool higherIsBetter)
    {
        if (!(margin >= 0) || double.IsInfinity(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be finite and >= 0.");
        }

        if (!IsDefined)
        {
            return double.NaN;
        }

        // Distance from the margin, positive when a is better than the margin allows.
        double slack = higherIsBetter ? Difference + margin : margin - Difference;
        return StandardError == 0 ? (slack > 0 ? 0.0 : 1.0) : StudentT.Cdf(-slack / StandardError, DegreesOfFreedom);
    }

    private static void Check(IReadOnlyList<double> xs, string name)
    {
        if (xs.Count == 0)
        {
            throw new ArgumentException("A sample is empty.", name);
        }

        foreach (double x in xs)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"A sample holds {x}; only finite values are compared.", name);
            }
        }
    }

    // The mean and the sample variance (n - 1), by a two-pass sum (0 for one value).
    private static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> xs)
    {
        double mean = 0;
        foreach (double x in xs)
        {
            mean += x;
        }

        mean /= xs.Count;
        double ss = 0;
        foreach (double x in xs)
        {
            ss += (x - mean) * (x - mean);
        }

        return (mean, xs.Count > 1 ? ss / (xs.Count - 1) : 0.0);
    }
}
