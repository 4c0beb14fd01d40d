namespace Warmup.Reports;

/// <summary>A shaded band between two curves over the same abscissae.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Lower">Lower curve.</param>
/// <param name="Upper">Upper curve.</param>
public sealed record Band(string Name, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
