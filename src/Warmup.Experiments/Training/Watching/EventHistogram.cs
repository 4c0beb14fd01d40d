namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// A histogram as a TensorBoard event stores it (<c>HistogramProto</c> of TensorFlow's
/// <c>tensorflow/core/framework/summary.proto</c>): bucket i holds the values from the previous bucket's limit (from
/// <paramref name="Min"/> for the first) to <c>BucketLimits[i]</c>.
/// </summary>
/// <param name="Min">The lowest value, or the lower edge of the first bucket.</param>
/// <param name="Max">The highest value, or the upper edge of the last bucket.</param>
/// <param name="Count">How many values.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="SumSquares">The sum of their squares.</param>
/// <param name="BucketLimits">Each bucket's upper edge.</param>
/// <param name="Buckets">Each bucket's count.</param>
internal sealed record EventHistogram(double Min, double Max, double Count, double Sum, double SumSquares, IReadOnlyList<double> BucketLimits, IReadOnlyList<double> Buckets)
{
    /// <summary>
    /// The log10 |g| bins of <see cref="Histogram"/> (zero bin left out: its entries have no logarithm), from the first
    /// non-empty bin to the last; the bins' edges stand for the values (the end bins also hold the values beyond them),
    /// and sum and sum of squares use the bins' centres. Null when every entry is zero.
    /// </summary>
    /// <param name="counts">Counts of <see cref="Histogram.Bins"/> bins, zero bin first.</param>
    public static EventHistogram? OfLogGradients(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int first = Enumerable.Range(1, counts.Count - 1).FirstOrDefault(k => counts[k] > 0);
        if (first == 0)
        {
            return null;
        }

        int last = Enumerable.Range(1, counts.Count - 1).Last(k => counts[k] > 0);
        var bins = Enumerable.Range(first, last - first + 1).ToList();
        double Upper(int k) => Histogram.Lowest + (k * Histogram.Width);
        return new EventHistogram(
            Upper(first - 1),
            Upper(last),
            bins.Sum(k => (double)counts[k]),
            bins.Sum(k => counts[k] * Histogram.Centre(k)),
            bins.Sum(k => counts[k] * Histogram.Centre(k) * Histogram.Centre(k)),
            [.. bins.Select(Upper)],
            [.. bins.Select(k => (double)counts[k])]);
    }
}
