namespace Warmup.Experiments.Report;

/// <summary>The runs of one method at one configuration: their metric over seeds and how many diverged.</summary>
/// <param name="Values">The finite metrics.</param>
/// <param name="Runs">Runs in all.</param>
public sealed record CellStatistics(IReadOnlyList<double> Values, int Runs)
{
    /// <summary>Runs that diverged.</summary>
    public int Diverged => Runs - Values.Count;

    /// <summary>Mean of the finite metrics (NaN when none).</summary>
    public double Mean => Values.Count == 0 ? double.NaN : Values.Average();

    /// <summary>Sample standard deviation (0 for one value, NaN for none).</summary>
    public double StandardDeviation => Values.Count switch
    {
        0 => double.NaN,
        1 => 0,
        _ => Math.Sqrt(SquaredDeviations() / (Values.Count - 1)),
    };

    /// <summary>Standard error of the mean.</summary>
    public double StandardError => Values.Count == 0 ? double.NaN : StandardDeviation / Math.Sqrt(Values.Count);

    /// <summary>"mean ± std", with the diverged count when any.</summary>
    /// <param name="digits">Decimals.</param>
    public string Format(int digits) =>
        Values.Count == 0
            ? $"diverged ({Runs}/{Runs})"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mean.ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture)}{(Diverged > 0 ? $" ({Diverged}/{Runs} diverged)" : string.Empty)}");

    // Sum of (v - mean)^2, with the mean computed once rather than once per value.
    private double SquaredDeviations()
    {
        double mean = Mean;
        return Values.Sum(v => (v - mean) * (v - mean));
    }
}
