using ScottPlot;

namespace Warmup.Reports;

/// <summary>
/// Puts a chart's legend where it covers no data: inside the data area at the first of the corners and edge middles
/// whose box (the legend's rendered size, plus a safety margin) holds no plotted point, sampled along every line, else
/// outside the data area on the right.
/// </summary>
internal static class LegendPlacement
{
    private const int SafetyPixels = 12;

    private static readonly Alignment[] Candidates =
    [
        Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft,
        Alignment.UpperCenter, Alignment.LowerCenter, Alignment.MiddleRight, Alignment.MiddleLeft,
    ];

    /// <summary>Shows the legend of <paramref name="plot"/> where no point of <paramref name="lines"/> is under it.</summary>
    /// <param name="plot">The plot, with its data, axes and labels set.</param>
    /// <param name="lines">Every plotted line as its points in data coordinates (bands as their edges, error bars as their ends).</param>
    /// <returns>The alignment inside the data area, or null when the legend went outside.</returns>
    public static Alignment? Place(Plot plot, IReadOnlyList<IReadOnlyList<Coordinates>> lines)
    {
        if (!plot.GetPlottables().Any(p => p is IHasLegendText { LegendText.Length: > 0 }))
        {
            plot.HideLegend();
            return null;
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.RenderInMemory(Png.Width, Png.Height);
        var data = plot.RenderManager.LastRender.DataRect;
        var legend = plot.GetLegendImage();
        double w = legend.Width + (2 * SafetyPixels), h = legend.Height + (2 * SafetyPixels);
        var pixels = Sample(plot, lines).ToList();
        foreach (var a in Candidates)
        {
            var box = Box(data, a, w, h);
            if (!pixels.Any(p => box.Contains(p)))
            {
                plot.ShowLegend(a);
                return a;
            }
        }

        plot.ShowLegend(Edge.Right);
        return null;
    }

    // The legend's box at an alignment inside the data area, with room for the margin ScottPlot leaves at the edge.
    private static PixelRect Box(PixelRect data, Alignment a, double w, double h)
    {
        float left = a switch
        {
            Alignment.UpperLeft or Alignment.MiddleLeft or Alignment.LowerLeft => data.Left,
            Alignment.UpperCenter or Alignment.MiddleCenter or Alignment.LowerCenter => (float)(data.HorizontalCenter - (w / 2)),
            _ => (float)(data.Right - w),
        };
        float top = a switch
        {
            Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => data.Top,
            Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight => (float)(data.VerticalCenter - (h / 2)),
            _ => (float)(data.Bottom - h),
        };
        return new PixelRect(left, left + (float)w, top + (float)h, top);
    }

    // Every point of every line in pixels, with 24 points between consecutive ones, so that a line crossing the box counts.
    private static IEnumerable<Pixel> Sample(Plot plot, IReadOnlyList<IReadOnlyList<Coordinates>> lines)
    {
        foreach (var line in lines)
        {
            for (int i = 0; i < line.Count; i++)
            {
                var p = plot.GetPixel(line[i]);
                yield return p;
                if (i + 1 < line.Count)
                {
                    var q = plot.GetPixel(line[i + 1]);
                    for (int k = 1; k < 24; k++)
                    {
                        yield return new Pixel(p.X + ((q.X - p.X) * k / 24f), p.Y + ((q.Y - p.Y) * k / 24f));
                    }
                }
            }
        }
    }
}
