
namespace Warmup.Analysis.Report;

/// <summary>What an analysis contributes to a report: its Markdown was appended; this is its part of summary.json.</summary>
/// <param name="Key">The summary.json property name.</param>
/// <param name="Summary">The object stored under it.</param>
/// <param name="Elapsed">Wall time of the analysis (not of writing its files).</param>
public sealed record Section(string Key, object Summary, TimeSpan Elapsed);
