using ScottPlot;
using ScottPlot.TickGenerators;

namespace Warmup.Reports;

/// <summary>Titles, labels and log-scale ticks shared by the charts.</summary>
internal static class Axes
{
    public static void Style(Plot plot, string title, string xLabel, string yLabel, bool logX, bool logY)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks();
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogTicks();
        }
    }

    // Data on log axes is stored as log10(value); label the ticks with the value.
    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
    };
}
