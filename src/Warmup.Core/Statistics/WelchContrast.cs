namespace Warmup.Core.Statistics;

/// <summary>
/// A linear contrast of several independent samples' means, <c>sum_i w_i mean_i</c>, with unequal variances: its standard
/// error <c>sqrt(sum_i w_i^2 s_i^2 / n_i)</c> and the Satterthwaite (1946) degrees of freedom
/// <c>SE^4 / sum_i (w_i^2 s_i^2 / n_i)^2 / (n_i - 1)</c>; with weights (1, -1) it is Welch's comparison. Used for a
/// difference of differences (does a method's cost against another change between two settings?).
/// </summary>
public sealed record WelchContrast
{
    private WelchContrast()
    {
    }

    /// <summary>The contrast's value.</summary>
    public double Value { get; private init; }

    /// <summary>Its standard error.</summary>
    public double StandardError { get; private init; }

    /// <summary>Satterthwaite's degrees of freedom.</summary>
    public double DegreesOfFreedom { get; private init; }

    /// <summary>Whether every sample has at least 2 values, so that the test exists.</summary>
    public bool IsDefined { get; private init; }

    /// <summary>The two-sided p-value of "the contrast is 0" (NaN when not defined).</summary>
    public double PValue => !IsDefined ? double.NaN : TwoSidedP(Value, StandardError, DegreesOfFreedom);

    /// <summary>The contrast of <paramref name="terms"/>.</summary>
    /// <param name="terms">Each sample (finite values) with its weight.</param>
    /// <exception cref="ArgumentException">No term, an empty sample, or a value that is not finite.</exception>
    public static WelchContrast Of(IReadOnlyList<(IReadOnlyList<double> Sample, double Weight)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0 || terms.Any(t => t.Sample is null || t.Sample.Count == 0 || t.Sample.Any(x => !double.IsFinite(x))))
        {
            throw new ArgumentException("Every term needs a non-empty sample of finite values.", nameof(terms));
        }

        double value = 0, se2 = 0, denominator = 0;
        foreach (var (sample, w) in terms)
        {
            double mean = sample.Average();
            double variance = sample.Count > 1 ? sample.Sum(x => (x - mean) * (x - mean)) / (sample.Count - 1) : 0;
            double part = w * w * variance / sample.Count;
            value += w * mean;
            se2 += part;
            denominator += sample.Count > 1 ? part * part / (sample.Count - 1) : 0;
        }

        return new WelchContrast
        {
            Value = value,
            StandardError = Math.Sqrt(se2),
            DegreesOfFreedom = denominator > 0 ? se2 * se2 / denominator : terms.Sum(t => t.Sample.Count) - terms.Count,
            IsDefined = terms.All(t => t.Sample.Count >= 2),
        };
    }

    /// <summary>The two-sided interval of the contrast at <paramref name="level"/>.</summary>
    /// <param name="level">The confidence level; default 0.95.</param>
    public (double Low, double High) Interval(double level = 0.95)
    {
        if (!IsDefined)
        {
            return (double.NaN, double.NaN);
        }

        return Interval(Value, StandardError, DegreesOfFreedom, level);
    }

    /// <summary>The two-sided p-value of "the estimate is 0" from t = estimate / SE on df degrees of freedom (1 or 0 when SE is 0, as the estimate is 0 or not).</summary>
    internal static double TwoSidedP(double estimate, double standardError, double df) =>
        standardError == 0 ? (estimate == 0 ? 1.0 : 0.0) : 2 * StudentT.Cdf(-Math.Abs(estimate) / standardError, df);

    /// <summary>The Student-t interval of an estimate at <paramref name="level"/>.</summary>
    internal static (double Low, double High) Interval(double estimate, double standardError, double df, double level)
    {
        double half = standardError == 0 ? 0 : StudentT.Quantile(0.5 + (level / 2), df) * standardError;
        return (estimate - half, estimate + half);
    }
}
