using System.Globalization;

namespace Warmup.Experiments.Report;

/// <summary>The runs of one method at one configuration: their metric over seeds, how many diverged and how many collapsed.</summary>
/// <param name="Values">The finite metrics.</param>
/// <param name="Runs">Runs in all.</param>
/// <param name="Collapsed">Runs that learned nothing (<see cref="Collapse"/>), diverged ones included.</param>
public sealed record CellStatistics(IReadOnlyList<double> Values, int Runs, int Collapsed = 0)
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

    /// <summary>The t interval of the mean at <paramref name="level"/> (the mean alone with one value; NaN with none).</summary>
    /// <param name="level">The confidence level; default 0.95.</param>
    public (double Low, double High) MeanInterval(double level = 0.95)
    {
        if (Values.Count < 2)
        {
            return (Mean, Mean);
        }

        double half = Core.Statistics.StudentT.Quantile(0.5 + (level / 2), Values.Count - 1) * StandardDeviation / Math.Sqrt(Values.Count);
        return (Mean - half, Mean + half);
    }

    /// <summary>
    /// "mean ± std", then what the reader must know to read it: the number of seeds when it is not the table's usual
    /// <paramref name="usualRuns"/>, and how many runs collapsed or diverged.
    /// </summary>
    /// <param name="digits">Decimals.</param>
    /// <param name="usualRuns">The table's usual number of runs per cell (stated once in its caption), or null to always state it.</param>
    public string Format(int digits, int? usualRuns = null)
    {
        if (Values.Count == 0)
        {
            return $"diverged ({Runs}/{Runs})";
        }

        string f = "F" + digits.ToString(CultureInfo.InvariantCulture);
        var notes = new List<string>();
        if (usualRuns != Runs)
        {
            notes.Add($"n={Runs}");
        }

        if (Collapsed > 0)
        {
            notes.Add($"{Collapsed} of {Runs} collapsed");
        }

        if (Diverged > 0)
        {
            notes.Add($"{Diverged} diverged");
        }

        return $"{Mean.ToString(f, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(f, CultureInfo.InvariantCulture)}{(notes.Count > 0 ? $" ({string.Join("; ", notes)})" : string.Empty)}";
    }

    // Sum of (v - mean)^2, with the mean computed once rather than once per value.
    private double SquaredDeviations()
    {
        double mean = Mean;
        return Values.Sum(v => (v - mean) * (v - mean));
    }
}
