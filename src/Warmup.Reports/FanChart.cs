using ScottPlot;

namespace Warmup.Reports;

/// <summary>Fan charts (nested quantile bands around a central line) saved as PNG.</summary>
public static class FanChart
{
    /// <summary>Draws <paramref name="bands"/> (outermost first, increasingly opaque) and <paramref name="center"/>, and saves a PNG.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="yLabel">Y-axis label.</param>
    /// <param name="x">Abscissae shared by every curve.</param>
    /// <param name="bands">Bands, outermost first.</param>
    /// <param name="center">The central curve (e.g. the median).</param>
    /// <param name="logX">Logarithmic x axis.</param>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<Band> bands, Series center, bool logX = false) =>
        Png.Save(Render(title, xLabel, yLabel, x, bands, center, logX).Plot, path);

    /// <summary>The chart, laid out, with its lines and where its legend went (for the figure tests).</summary>
    internal static ChartRender Render(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<Band> bands, Series center, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(center);
        var plot = new Plot();
        double[] xs = x.Select(v => logX ? Math.Log10(v) : v).ToArray();
        var baseColor = Colors.SteelBlue;
        var lines = new List<IReadOnlyList<Coordinates>>();
        for (int i = 0; i < bands.Count; i++)
        {
            var fill = plot.Add.FillY(xs, [.. bands[i].Lower], [.. bands[i].Upper]);
            fill.FillColor = baseColor.WithAlpha(0.25 + (0.3 * i / Math.Max(1, bands.Count - 1)));
            fill.LineColor = Colors.Transparent;
            fill.LegendText = bands[i].Name;
            lines.Add([.. xs.Select((v, k) => new Coordinates(v, bands[i].Lower[k]))]);
            lines.Add([.. xs.Select((v, k) => new Coordinates(v, bands[i].Upper[k]))]);
        }

        var line = plot.Add.ScatterLine(xs, [.. center.Y]);
        line.LegendText = center.Name;
        line.LineWidth = 2;
        line.Color = Colors.Navy;
        lines.Add([.. xs.Select((v, k) => new Coordinates(v, center.Y[k]))]);
        Axes.Style(plot, title, LineChart.Logged(xLabel, logX), yLabel, logX ? Axes.Range(xs) : null, logY: null);
        return new ChartRender(plot, lines, LegendPlacement.Place(plot, lines));
    }
}
