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

    /// <summary>One method against another, in words: the difference of means (a - b) and its verdict for a.</summary>
    /// <param name="a">The method judged, by name and cell.</param>
    /// <param name="b">The method it is judged against.</param>
    /// <param name="higherIsBetter">Whether a larger metric is better.</param>
    public static string Versus((string Name, CellStatistics Cell) a, (string Name, CellStatistics Cell) b, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(a.Cell);
        ArgumentNullException.ThrowIfNull(b.Cell);
        var (x, y) = (a.Cell, b.Cell);
        string diverged = x.Diverged > 0 || y.Diverged > 0 ? $"; diverged: {a.Name} {x.Diverged}/{x.Runs}, {b.Name} {y.Diverged}/{y.Runs}" : string.Empty;
        if (x.Values.Count == 0 || y.Values.Count == 0)
        {
            string who = x.Values.Count == 0 && y.Values.Count == 0 ? "both diverged" : x.Values.Count == 0 ? $"{a.Name} worse" : $"{a.Name} better";
            return who + diverged;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{x.Mean - y.Mean:+0.00;-0.00;+0.00} ({Words(Compare(x, y, higherIsBetter))}){diverged}");
    }

    /// <summary>
    /// How <paramref name="a"/> compares with <paramref name="b"/>: more diverged runs are worse; otherwise a gap of
    /// the means within twice its standard error is <see cref="Comparison.Within"/>; under 2 finite runs on either side
    /// cannot be told.
    /// </summary>
    /// <param name="a">The cell judged.</param>
    /// <param name="b">The cell it is judged against.</param>
    /// <param name="higherIsBetter">Whether a larger metric is better.</param>
    public static Comparison Compare(CellStatistics a, CellStatistics b, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Diverged != b.Diverged)
        {
            return a.Diverged > b.Diverged ? Comparison.Worse : Comparison.Better;
        }

        if (a.Values.Count < 2 || b.Values.Count < 2)
        {
            return Comparison.Unknown;
        }

        double difference = a.Mean - b.Mean;
        return Math.Abs(difference) <= Noise(a, b) ? Comparison.Within : (difference > 0) == higherIsBetter ? Comparison.Better : Comparison.Worse;
    }

    /// <summary>The better of two cells: fewer diverged runs, then the better mean (the first on a tie).</summary>
    /// <param name="a">One method, by name and cell.</param>
    /// <param name="b">The other.</param>
    /// <param name="higherIsBetter">Whether a larger metric is better.</param>
    public static (string Name, CellStatistics Cell) Better((string Name, CellStatistics Cell) a, (string Name, CellStatistics Cell) b, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(a.Cell);
        ArgumentNullException.ThrowIfNull(b.Cell);
        if (a.Cell.Diverged != b.Cell.Diverged)
        {
            return a.Cell.Diverged < b.Cell.Diverged ? a : b;
        }

        if (b.Cell.Values.Count == 0)
        {
            return a;
        }

        return a.Cell.Values.Count == 0 || (higherIsBetter ? b.Cell.Mean > a.Cell.Mean : b.Cell.Mean < a.Cell.Mean) ? b : a;
    }

    /// <summary>A comparison in the report's words: better, worse, within noise, cannot tell.</summary>
    /// <param name="comparison">The comparison.</param>
    public static string Words(Comparison comparison) => comparison switch
    {
        Comparison.Better => "better",
        Comparison.Worse => "worse",
        Comparison.Within => "within noise",
        _ => "cannot tell",
    };

    private static double Noise(CellStatistics a, CellStatistics b) =>
        2 * Math.Sqrt((a.StandardError * a.StandardError) + (b.StandardError * b.StandardError));
}
