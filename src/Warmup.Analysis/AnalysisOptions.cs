namespace Warmup.Analysis;

/// <summary>Settings of <see cref="AnalysisSuite.Run"/>.</summary>
/// <param name="OutputDirectory">Where report.md, summary.json, the CSVs and PNGs go (created if missing).</param>
/// <param name="Quick">Small sizes (seconds in all), for CI; otherwise the papers' sizes.</param>
/// <param name="Seed">Seed of the two simulations (each derives its own streams from it).</param>
/// <param name="Threads">Threads for the simulations (0: all cores); results do not depend on it.</param>
public sealed record AnalysisOptions(string OutputDirectory, bool Quick = false, ulong Seed = 1, int Threads = 0);
