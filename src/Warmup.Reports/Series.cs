namespace Warmup.Reports;

/// <summary>One named curve of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
/// <param name="Color">
/// Style index: its colour is index mod 10 (Category10), its line pattern index / 10 (solid, dashed, dotted), so that up
/// to 30 series are told apart; a method's rank keeps its style from chart to chart. Null: the next index.
/// </param>
/// <param name="Dashed">Draw dashed whatever the index.</param>
/// <param name="Low">With <paramref name="High"/>, an interval at each point (as many as <paramref name="X"/>): error bars, or a band with <paramref name="Shaded"/>; null: none.</param>
/// <param name="High">The intervals' upper ends.</param>
/// <param name="Shaded">Draw the interval as a translucent band (seeds around a curve) instead of error bars.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, int? Color = null, bool Dashed = false, IReadOnlyList<double>? Low = null, IReadOnlyList<double>? High = null, bool Shaded = false);
