namespace Warmup.Reports;

/// <summary>One named curve of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
/// <param name="Color">Palette index (Category10); null: the next one.</param>
/// <param name="Dashed">Draw dashed.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, int? Color = null, bool Dashed = false);
