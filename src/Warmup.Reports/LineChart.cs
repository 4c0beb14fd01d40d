using ScottPlot;

namespace Warmup.Reports;

/// <summary>
/// Line charts saved as PNG (ScottPlot): each series in its own colour and line pattern, with markers where it has few
/// points, error bars or a shaded band where it carries an interval, log axes labelled as such, and the legend where it
/// covers no data (<see cref="LegendPlacement"/>).
/// </summary>
public static class LineChart
{
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];
    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.Cross];

    /// <summary>Draws <paramref name="series"/> as lines and saves a PNG.</summary>
    /// <param name="path">The PNG file; its folder is created if missing.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">X-axis label (" (log scale)" is added on a log axis unless it says so).</param>
    /// <param name="yLabel">Y-axis label (likewise).</param>
    /// <param name="series">The curves.</param>
    /// <param name="logY">Logarithmic y axis (values must be positive; others are dropped).</param>
    /// <param name="logX">Logarithmic x axis (values must be positive; others are dropped).</param>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, bool logX = false) =>
        Png.Save(Render(title, xLabel, yLabel, series, logY, logX).Plot, path);

    /// <summary>The chart, laid out, with every plotted line in data coordinates and where its legend went (for the figure tests).</summary>
    internal static ChartRender Render(string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int next = 0;
        var allX = new List<double>();
        var allY = new List<double>();
        var lines = new List<IReadOnlyList<Coordinates>>();
        foreach (var s in series)
        {
            int style = s.Color ?? next++;
            var color = palette.GetColor(style % 10);
            var (xs, ys) = Transform(s, logX, logY);
            allX.AddRange(xs);
            allY.AddRange(ys);
            if (s.Low is not null && s.High is not null)
            {
                lines.AddRange(Interval(plot, s, logX, logY, color));
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = s.Name;
            line.LineWidth = 2;
            line.Color = color;
            line.LinePattern = s.Dashed ? LinePattern.Dashed : Patterns[(style / 10) % Patterns.Length];
            if (xs.Length <= 40)
            {
                line.MarkerShape = Markers[style % Markers.Length];
                line.MarkerSize = 7;
            }

            lines.Add([.. xs.Zip(ys, (x, y) => new Coordinates(x, y))]);
        }

        Axes.Style(plot, title, Logged(xLabel, logX), Logged(yLabel, logY), logX ? Axes.Range(allX) : null, logY ? Axes.Range(allY) : null);
        var legend = LegendPlacement.Place(plot, lines);
        return new ChartRender(plot, lines, legend);
    }

    /// <summary>The label of a log axis says so.</summary>
    internal static string Logged(string label, bool log) =>
        log && !label.Contains("log", StringComparison.OrdinalIgnoreCase) ? $"{label} (log scale)" : label;

    // Error bars with caps, or a translucent band, from Low to High; returns the plotted segments in data coordinates.
    private static List<IReadOnlyList<Coordinates>> Interval(Plot plot, Series s, bool logX, bool logY, Color color)
    {
        if (s.Low!.Count != s.X.Count || s.High!.Count != s.X.Count)
        {
            throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} points but {s.Low.Count} low and {s.High!.Count} high interval ends.", nameof(s));
        }

        var points = new List<(double X, double Lo, double Hi)>();
        for (int i = 0; i < s.X.Count; i++)
        {
            double x = s.X[i], lo = s.Low[i], hi = s.High[i];
            if ((logX && !(x > 0)) || (logY && !(lo > 0 && hi > 0)) || !double.IsFinite(x) || !double.IsFinite(lo) || !double.IsFinite(hi))
            {
                continue;
            }

            points.Add((logX ? Math.Log10(x) : x, logY ? Math.Log10(lo) : lo, logY ? Math.Log10(hi) : hi));
        }

        var drawn = new List<IReadOnlyList<Coordinates>>();
        if (points.Count == 0)
        {
            return drawn;
        }

        if (s.Shaded)
        {
            var band = plot.Add.FillY([.. points.Select(p => p.X)], [.. points.Select(p => p.Lo)], [.. points.Select(p => p.Hi)]);
            band.FillColor = color.WithAlpha(0.18);
            band.LineColor = Colors.Transparent;
            band.LegendText = string.Empty;
            drawn.Add([.. points.Select(p => new Coordinates(p.X, p.Lo))]);
            drawn.Add([.. points.Select(p => new Coordinates(p.X, p.Hi))]);
            return drawn;
        }

        double span = points.Max(p => p.X) - points.Min(p => p.X);
        double cap = 0.012 * (span > 0 ? span : 1);
        foreach (var (x, lo, hi) in points)
        {
            foreach (var (x1, y1, x2, y2) in new[] { (x, lo, x, hi), (x - cap, lo, x + cap, lo), (x - cap, hi, x + cap, hi) })
            {
                var bar = plot.Add.Line(x1, y1, x2, y2);
                bar.Color = color;
                bar.LineWidth = 1.5f;
                bar.LegendText = string.Empty;
                drawn.Add([new Coordinates(x1, y1), new Coordinates(x2, y2)]);
            }
        }

        return drawn;
    }

    private static (double[] X, double[] Y) Transform(Series s, bool logX, bool logY)
    {
        if (s.X.Count != s.Y.Count)
        {
            throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values and {s.Y.Count} y values.", nameof(s));
        }

        var xs = new List<double>(s.X.Count);
        var ys = new List<double>(s.Y.Count);
        for (int i = 0; i < s.X.Count; i++)
        {
            double x = s.X[i], y = s.Y[i];
            if ((logX && !(x > 0)) || (logY && !(y > 0)) || !double.IsFinite(x) || !double.IsFinite(y))
            {
                continue;
            }

            xs.Add(logX ? Math.Log10(x) : x);
            ys.Add(logY ? Math.Log10(y) : y);
        }

        return (xs.ToArray(), ys.ToArray());
    }
}
