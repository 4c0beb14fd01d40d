namespace Warmup.Reports;

/// <summary>One named curve of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
/// <param name="Color">Palette index (Category10); null: the next one.</param>
/// <param name="Dashed">Draw dashed.</param>
/// <param name="Low">With <paramref name="High"/>, each point's error bar (an interval of the mean, say), as many as <paramref name="X"/>; null: none.</param>
/// <param name="High">The error bars' upper ends.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, int? Color = null, bool Dashed = false, IReadOnlyList<double>? Low = null, IReadOnlyList<double>? High = null);
