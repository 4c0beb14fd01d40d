using ScottPlot;

namespace Warmup.Reports;

/// <summary>A chart laid out for saving: the plot, every plotted line in data coordinates, and where its legend went (null: outside the data area, or none).</summary>
/// <param name="Plot">The plot.</param>
/// <param name="Lines">The plotted lines, band edges and error bars, in data coordinates.</param>
/// <param name="Legend">The legend's alignment inside the data area, or null.</param>
internal sealed record ChartRender(Plot Plot, IReadOnlyList<IReadOnlyList<Coordinates>> Lines, Alignment? Legend);
