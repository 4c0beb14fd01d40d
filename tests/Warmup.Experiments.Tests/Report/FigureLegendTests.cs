using ScottPlot;
using SkiaSharp;
using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

/// <summary>
/// Every figure type, rendered from fixed data shaped like the project's (curves falling to the lower right, a failing
/// learning rate spiking at the right, a bell of gradient magnitudes, overlapping schedules, a fan of quantiles, data in
/// every corner), and checked from the plot's own rendering: the legend's footprint (the pixels that change when the legend
/// is hidden) covers no plotted point, sampled along every line, band edge and error bar. When no place inside is free
/// the legend must be outside the data area.
/// </summary>
public class FigureLegendTests
{
    public static TheoryData<string> Figures() => ["curves", "metric-vs-lr", "histogram", "diagnostic", "schedules", "fan", "everywhere"];

    [Theory]
    [MemberData(nameof(Figures))]
    public void TheLegendCoversNoDataPoint(string figure)
    {
        var chart = Build(figure);
        var plot = chart.Plot;
        var withLegend = Pixels(plot);
        var data = plot.RenderManager.LastRender.DataRect;
        if (chart.Legend is null)
        {
            // Outside: the data area leaves room for it on the right, and every point is inside the data area.
            Assert.True(data.Right + 40 < Png.Width, $"{figure}: the legend went outside but the data area reaches x = {data.Right} of {Png.Width}");
            return;
        }

        var points = chart.Lines.SelectMany(l => Sampled(plot, l)).ToList();
        plot.Legend.IsVisible = false;
        var withoutLegend = Pixels(plot);
        plot.Legend.IsVisible = true;
        var (left, top, right, bottom) = Footprint(withLegend, withoutLegend);
        Assert.True(right > left, $"{figure}: no legend was drawn");
        var covered = points.Where(p => p.X >= left && p.X <= right && p.Y >= top && p.Y <= bottom).ToList();
        Assert.True(covered.Count == 0, $"{figure}: the legend ({left}, {top})-({right}, {bottom}) at {chart.Legend} covers {covered.Count} plotted points, e.g. {covered.FirstOrDefault()}");
    }

    [Fact]
    public void LogAxesSayTheyAreLogarithmic()
    {
        Assert.Equal("learning rate (log scale)", LineChart.Logged("learning rate", log: true));
        Assert.Equal("step (log)", LineChart.Logged("step (log)", log: true));
        Assert.Equal("step", LineChart.Logged("step", log: false));
    }

    private static ChartRender Build(string figure)
    {
        double[] steps = [.. Enumerable.Range(1, 200).Select(i => i * 10.0)];
        switch (figure)
        {
            case "curves":
                return LineChart.Render("char LM, post-LN, lr 3e-2, beta2 0.99: training loss", "step", "training loss", [.. Enumerable.Range(0, 5).Select(k =>
                {
                    double[] y = [.. steps.Select(s => 1.8 + (k * 0.3) + (2.5 * Math.Exp(-s / 300.0)))];
                    return new Series($"method {k}", steps, y, Color: k, Low: [.. y.Select(v => v * 0.97)], High: [.. y.Select(v => v * 1.03)], Shaded: true);
                })], logY: true);
            case "metric-vs-lr":
                double[] lrs = [1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 1e-1];
                return LineChart.Render("char LM, post-LN, beta2 0.998: validation perplexity", "learning rate", "validation perplexity", [.. Enumerable.Range(0, 7).Select(k =>
                {
                    double[] y = [.. lrs.Select((lr, i) => 6.3 + (0.3 * Math.Abs(i - 4)) + (k == 0 && i >= 6 ? 20 : 0) + (0.05 * k))];
                    return new Series($"method {k}", lrs, y, Color: k, Low: [.. y.Select(v => v - 0.8)], High: [.. y.Select(v => v + 0.8)]);
                })], logY: true, logX: true);
            case "histogram":
                double[] bins = [.. Enumerable.Range(0, 60).Select(i => -10 + (i * 0.2))];
                return LineChart.Render("char LM: histogram of log10 |g|, adam", "log10 |g|", "fraction of entries", [.. Enumerable.Range(0, 3).Select(k =>
                    new Series($"step {k * 10}", bins, [.. bins.Select(b => Math.Exp(-((b + 5 + k) * (b + 5 + k)) / 2))]))]);
            case "diagnostic":
                return LineChart.Render("char LM: median |update| / lr", "step", "median |update| / lr", [.. Enumerable.Range(0, 4).Select(k =>
                    new Series($"method {k}", steps, [.. steps.Select(s => 0.2 + (0.6 * (1 - Math.Exp(-s / (50.0 * (k + 1))))))], Color: k))], logY: true, logX: true);
            case "schedules":
                double[] t = [.. Enumerable.Range(1, 3000).Select(i => (double)i)];
                return LineChart.Render("warmup factors, beta2 0.999", "step", "omega_t", [
                    new Series("untuned-linear", t, [.. t.Select(x => Math.Min(1, x / 2000))]),
                    new Series("untuned-exponential", t, [.. t.Select(x => 1 - Math.Exp(-x / 1000))]),
                    new Series("radam", t, [.. t.Select(x => Math.Min(1, Math.Sqrt(x / 3000)))]),
                ]);
            case "fan":
                double[] x = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
                return FanChart.Render("update magnitude quantiles", "step", "|update|", x,
                    [new Band("5-95 %", [.. x.Select(v => 0.1)], [.. x.Select(v => 1.0)]), new Band("25-75 %", [.. x.Select(v => 0.3)], [.. x.Select(v => 0.8)])],
                    new Series("median", x, [.. x.Select(v => 0.55)]));
            default:
                // Points in every corner and along every edge: no place inside is free.
                double[] e = [.. Enumerable.Range(0, 101).Select(i => i / 100.0)];
                return LineChart.Render("data everywhere", "x", "y", [
                    new Series("bottom", e, [.. e.Select(_ => 0.0)]), new Series("top", e, [.. e.Select(_ => 1.0)]),
                    new Series("diagonal", e, e), new Series("anti-diagonal", e, [.. e.Select(v => 1 - v)]),
                    new Series("middle", e, [.. e.Select(_ => 0.5)]), new Series("left", [.. e.Select(_ => 0.0)], e), new Series("right", [.. e.Select(_ => 1.0)], e),
                    new Series("centre", [.. e.Select(_ => 0.5)], e),
                ]);
        }
    }

    // The plot's points in pixels, sampled between consecutive points as the placement does not need to: 64 per segment.
    private static IEnumerable<Pixel> Sampled(Plot plot, IReadOnlyList<Coordinates> line)
    {
        for (int i = 0; i < line.Count; i++)
        {
            var p = plot.GetPixel(line[i]);
            yield return p;
            if (i + 1 < line.Count)
            {
                var q = plot.GetPixel(line[i + 1]);
                for (int k = 1; k < 64; k++)
                {
                    yield return new Pixel(p.X + ((q.X - p.X) * k / 64f), p.Y + ((q.Y - p.Y) * k / 64f));
                }
            }
        }
    }

    private static SKBitmap Pixels(Plot plot) => SKBitmap.Decode(plot.GetImage(Png.Width, Png.Height).GetImageBytes());

    // The bounding box of the pixels that differ between the two renders.
    private static (int Left, int Top, int Right, int Bottom) Footprint(SKBitmap a, SKBitmap b)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (a.GetPixel(x, y) != b.GetPixel(x, y))
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return (left, top, right, bottom);
    }
}
