using ScottPlot;

namespace Warmup.Reports;

/// <summary>Line charts saved as PNG (ScottPlot).</summary>
public static class LineChart
{
    /// <summary>Draws <paramref name="series"/> as lines and saves a PNG.</summary>
    /// <param name="path">The PNG file; its folder is created if missing.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="yLabel">Y-axis label.</param>
    /// <param name="series">The curves.</param>
    /// <param name="logY">Logarithmic y axis (values must be positive; others are dropped).</param>
    /// <param name="logX">Logarithmic x axis (values must be positive; others are dropped).</param>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int next = 0;
        var allX = new List<double>();
        var allY = new List<double>();
        foreach (var s in series)
        {
            var (xs, ys) = Transform(s, logX, logY);
            allX.AddRange(xs);
            allY.AddRange(ys);
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = s.Name;
            line.LineWidth = 2;
            line.Color = palette.GetColor(s.Color ?? next++);
            if (s.Dashed)
            {
                line.LinePattern = LinePattern.Dashed;
            }

            if (s.Low is not null && s.High is not null)
            {
                ErrorBars(plot, s, logX, logY, line.Color);
                line.MarkerSize = 6;
            }
        }

        Axes.Style(plot, title, xLabel, yLabel, logX ? Axes.Range(allX) : null, logY ? Axes.Range(allY) : null);
        plot.ShowLegend(Alignment.LowerRight);
        Png.Save(plot, path);
    }

    // A vertical bar with caps from Low to High at each point whose three values are finite (and positive on a log axis).
    private static void ErrorBars(Plot plot, Series s, bool logX, bool logY, Color color)
    {
        if (s.Low!.Count != s.X.Count || s.High!.Count != s.X.Count)
        {
            throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} points but {s.Low.Count} low and {s.High!.Count} high error bar ends.", nameof(s));
        }

        double capHalfWidth = 0.02 * (logX ? 1 : Math.Max(1e-12, s.X.Max() - s.X.Min()));
        for (int i = 0; i < s.X.Count; i++)
        {
            double x = s.X[i], lo = s.Low[i], hi = s.High[i];
            if ((logX && !(x > 0)) || (logY && !(lo > 0 && hi > 0)) || !double.IsFinite(x) || !double.IsFinite(lo) || !double.IsFinite(hi))
            {
                continue;
            }

            double px = logX ? Math.Log10(x) : x, plo = logY ? Math.Log10(lo) : lo, phi = logY ? Math.Log10(hi) : hi;
            foreach (var (x1, y1, x2, y2) in new[] { (px, plo, px, phi), (px - capHalfWidth, plo, px + capHalfWidth, plo), (px - capHalfWidth, phi, px + capHalfWidth, phi) })
            {
                var bar = plot.Add.Line(x1, y1, x2, y2);
                bar.Color = color;
                bar.LineWidth = 1.5f;
                bar.LegendText = string.Empty;
            }
        }
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
