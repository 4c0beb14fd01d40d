namespace Warmup.Core.Statistics;

/// <summary>
/// The verdicts of one family of comparisons (a report section's): each a method's runs against a reference's by
/// <see cref="WelchComparison"/>, at level <c>alpha</c>. The two-sided tests of a difference are corrected together by
/// Holm; a significant one is <see cref="Verdict.Better"/> or <see cref="Verdict.Worse"/>. Otherwise the one-sided
/// non-inferiority tests at each comparison's margin, corrected together by Holm, make <see cref="Verdict.NonInferior"/>
/// where they reject; the rest is <see cref="Verdict.Inconclusive"/> (as is any comparison with under 2 values a side).
/// </summary>
public static class Verdicts
{
    /// <summary>The default level, 0.05.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Decides a family.</summary>
    /// <param name="comparisons">Each comparison: method a against reference b.</param>
    /// <param name="margins">Each comparison's non-inferiority margin, in the metric's units.</param>
    /// <param name="higherIsBetter">The metric's direction.</param>
    /// <param name="alpha">The family-wise level; default 0.05.</param>
    /// <exception cref="ArgumentException">The lists differ in length, or alpha is not in (0, 1).</exception>
    public static Verdict[] Decide(IReadOnlyList<WelchComparison> comparisons, IReadOnlyList<double> margins, bool higherIsBetter, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(margins);
        if (comparisons.Count != margins.Count)
        {
            throw new ArgumentException($"{comparisons.Count} comparisons but {margins.Count} margins.", nameof(margins));
        }

        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1).");
        }

        var difference = Holm.Adjust([.. comparisons.Select(c => c.PValue)]);
        var nonInferior = Holm.Adjust([.. comparisons.Select((c, i) => c.NonInferiorityPValue(margins[i], higherIsBetter))]);
        var verdicts = new Verdict[comparisons.Count];
        for (int i = 0; i < verdicts.Length; i++)
        {
            var c = comparisons[i];
            verdicts[i] = !c.IsDefined ? Verdict.Inconclusive
                : difference[i] < alpha ? ((c.Difference > 0) == higherIsBetter ? Verdict.Better : Verdict.Worse)
                : nonInferior[i] < alpha ? Verdict.NonInferior
                : Verdict.Inconclusive;
        }

        return verdicts;
    }

    /// <summary>A verdict in the report's words: "better", "worse", "non-inferior at the margin", "inconclusive".</summary>
    /// <param name="verdict">The verdict.</param>
    public static string Words(Verdict verdict) => verdict switch
    {
        Verdict.Better => "better",
        Verdict.Worse => "worse",
        Verdict.NonInferior => "non-inferior at the margin",
        _ => "inconclusive",
    };
}
