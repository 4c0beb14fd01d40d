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
        }

        Axes.Style(plot, title, xLabel, yLabel, logX ? Axes.Range(allX) : null, logY ? Axes.Range(allY) : null);
        plot.ShowLegend(Alignment.LowerRight);
        Png.Save(plot, path);
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
