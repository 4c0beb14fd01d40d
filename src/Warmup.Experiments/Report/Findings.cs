using System.Globalization;

namespace Warmup.Experiments.Report;

/// <summary>
/// The verdicts the report states from the numbers: whether the three untuned warmups (untuned linear, untuned
/// exponential, RAdam) differ by more than seed noise in a configuration, and how Adam without warmup compares
/// with untuned linear warmup. "Seed noise" is twice the standard error of the difference of two means.
/// </summary>
internal static class Findings
{
    /// <summary>Whether the methods' cells are indistinguishable.</summary>
    /// <param name="cells">One cell per method, over the same seeds.</param>
    /// <returns>
    /// Within noise or not (null when it cannot be told: fewer than 2 finite runs somewhere while the divergence
    /// counts agree), the largest gap between two means (null without finite runs), and the verdict in words.
    /// </returns>
    public static (bool? Within, double? LargestGap, string Verdict) Indistinguishable(IReadOnlyList<CellStatistics> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Select(c => c.Diverged).Distinct().Count() > 1)
        {
            return (false, null, $"no: diverged {string.Join("/", cells.Select(c => $"{c.Diverged} of {c.Runs}"))}");
        }

        if (cells.All(c => c.Values.Count == 0))
        {
            return (true, null, "yes: all diverged");
        }

        if (cells.Any(c => c.Values.Count < 2))
        {
            return (null, null, "cannot tell (under 2 finite runs)");
        }

        double largest = 0;
        bool within = true;
        for (int i = 0; i < cells.Count; i++)
        {
            for (int j = i + 1; j < cells.Count; j++)
            {
                double gap = Math.Abs(cells[i].Mean - cells[j].Mean);
                largest = Math.Max(largest, gap);
                within &= gap <= Noise(cells[i], cells[j]);
            }
        }

        return (within, largest, within ? "yes" : "no");
    }

    /// <summary>Adam without warmup against untuned linear warmup, in words: the difference of means and its verdict.</summary>
    /// <param name="adam">Adam's cell.</param>
    /// <param name="linear">Untuned linear warmup's cell.</param>
    /// <param name="higherIsBetter">Whether a larger metric is better.</param>
    public static string AdamVersusLinear(CellStatistics adam, CellStatistics linear, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(adam);
        ArgumentNullException.ThrowIfNull(linear);
        string diverged = adam.Diverged > 0 || linear.Diverged > 0 ? $"; diverged: adam {adam.Diverged}/{adam.Runs}, untuned-linear {linear.Diverged}/{linear.Runs}" : string.Empty;
        if (adam.Values.Count == 0 || linear.Values.Count == 0)
        {
            string who = adam.Values.Count == 0 && linear.Values.Count == 0 ? "both diverged" : adam.Values.Count == 0 ? "adam worse" : "adam better";
            return who + diverged;
        }

        double difference = adam.Mean - linear.Mean;
        string verdict;
        if (adam.Diverged != linear.Diverged)
        {
            verdict = adam.Diverged > linear.Diverged ? "worse" : "better";
        }
        else if (adam.Values.Count < 2 || linear.Values.Count < 2)
        {
            verdict = "cannot tell";
        }
        else if (Math.Abs(difference) <= Noise(adam, linear))
        {
            verdict = "within noise";
        }
        else
        {
            verdict = (difference > 0) == higherIsBetter ? "better" : "worse";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{difference:+0.00;-0.00} ({verdict}){diverged}");
    }

    private static double Noise(CellStatistics a, CellStatistics b) =>
        2 * Math.Sqrt((a.StandardError * a.StandardError) + (b.StandardError * b.StandardError));
}
