using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Warmup.Reports;

/// <summary>Titles, labels and log-scale ticks shared by the charts.</summary>
internal static class Axes
{
    /// <summary>Sets the title and labels; on a log axis (data stored as log10 of the value), ticks labelled with the value.</summary>
    /// <param name="plot">The plot, with its data already added.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="yLabel">Y-axis label.</param>
    /// <param name="logX">The x axis holds log10 values; its data range, or null when unknown.</param>
    /// <param name="logY">The y axis holds log10 values; its data range, or null when unknown.</param>
    public static void Style(Plot plot, string title, string xLabel, string yLabel, (double Min, double Max)? logX, (double Min, double Max)? logY)
    {
        plot.Title(Wrap(title));
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (logX is { } x)
        {
            LogTicks(plot.Axes.Bottom, x.Min, x.Max);
        }

        if (logY is { } y)
        {
            LogTicks(plot.Axes.Left, y.Min, y.Max);
        }
    }

    /// <summary>Titles longer than this many characters go on two lines: at 900 pixels a longer one is cut at both ends.</summary>
    public const int TitleLineLength = 72;

    /// <summary>
    /// <paramref name="title"/> on one line if it is short enough, else broken in two at the last " (", else ": ",
    /// else ", " that leaves the first line short enough (the break's punctuation stays on the first line, but for the opening
    /// parenthesis, which begins the second).
    /// </summary>
    public static string Wrap(string title)
    {
        if (title.Length <= TitleLineLength)
        {
            return title;
        }

        // In order of preference: a parenthesis sets off a note, a colon the subject, a comma a detail; a break
        // nearer than a third of the line leaves too short a first line to be worth it.
        int best = -1;
        foreach (string mark in new[] { " (", ": ", ", " })
        {
            int at = title.LastIndexOf(mark, TitleLineLength, StringComparison.Ordinal);
            if (at > TitleLineLength / 3)
            {
                best = mark == " (" ? at : at + 1;
                break;
            }
        }

        return best > 0 ? title[..best].TrimEnd() + "\n" + title[best..].TrimStart() : title;
    }

    /// <summary>The smallest and largest of <paramref name="values"/>, or null when there are none.</summary>
    public static (double Min, double Max)? Range(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return min <= max ? (min, max) : null;
    }

    // Over a decade or more: powers of ten (with minor ticks between); within less, LogTicks.Within's positions;
    // in a range too narrow even for two of those, automatic ticks.
    private static void LogTicks(IAxis axis, double min, double max)
    {
        var positions = LogTickPositions.Within(min, max);
        if (positions.Count >= 2)
        {
            axis.SetTicks([.. positions], [.. positions.Select(Label)]);
            return;
        }

        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = max - min >= 1,
            LabelFormatter = Label,
        };
    }

    /// <summary>A log axis's tick label: "1,000" and "10,000" for whole numbers up to a million, "0.001" down to
    /// 1e-4, and "1e-5" or "2e6" beyond, never "1E+03".</summary>
    internal static string Label(double log10)
    {
        double v = Math.Pow(10, log10);
        double rounded = double.Parse(v.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (rounded >= 1 && rounded < 1e6 && rounded == Math.Round(rounded))
        {
            return rounded.ToString("N0", CultureInfo.InvariantCulture);
        }

        if (rounded >= 1e-4 && rounded < 1e6)
        {
            return rounded.ToString("0.#####", CultureInfo.InvariantCulture);
        }

        int exponent = (int)Math.Floor(Math.Log10(rounded));
        double mantissa = Math.Round(rounded / Math.Pow(10, exponent), 2);
        return $"{mantissa.ToString("0.##", CultureInfo.InvariantCulture)}e{exponent}";
    }
}
