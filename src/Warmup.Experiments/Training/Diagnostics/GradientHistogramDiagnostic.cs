using System.Globalization;

namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>
/// Counts of log10 |g| of the minibatch gradient over all entries, in <see cref="Histogram.Bins"/> (Liu et al. Fig. 2),
/// recorded as one value per non-empty bin (<c>log_gradient_histogram[k]</c>), and the fraction of entries exactly 0.
/// </summary>
internal sealed class GradientHistogramDiagnostic : Diagnostic
{
    /// <summary>The diagnostic's name, which its bins' names start with.</summary>
    public const string HistogramName = "log_gradient_histogram";

    /// <inheritdoc />
    public override string Name => HistogramName;

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticPanel> Panels { get; } =
        [new("zero", "fraction of gradient entries exactly 0", d => Histogram.ZeroFraction(Counts(d)))];

    /// <summary>The name of bin <paramref name="k"/>'s count.</summary>
    /// <param name="k">The bin.</param>
    public static string Bin(int k) => string.Create(CultureInfo.InvariantCulture, $"{HistogramName}[{k}]");

    /// <summary>A point's histogram (zeros when it has none).</summary>
    /// <param name="point">The point.</param>
    public static int[] Counts(DiagnosticPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return [.. Enumerable.Range(0, Histogram.Bins).Select(k => (int)(point[Bin(k)] ?? 0))];
    }

    /// <inheritdoc />
    public override object? BeforeStep(DiagnosticContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new int[Histogram.Bins];
        foreach (var p in context.Parameters)
        {
            using var g = p.grad;
            if (g is null)
            {
                continue;
            }

            foreach (float x in DiagnosticContext.Values(g))
            {
                counts[Histogram.BinOf(x)]++;
            }
        }

        return counts;
    }

    /// <inheritdoc />
    public override void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = (int[])before!;
        for (int k = 0; k < counts.Length; k++)
        {
            if (counts[k] != 0) // sparse: a missing bin counts 0 (Counts)
            {
                values[Bin(k)] = counts[k];
            }
        }
    }
}
