namespace Warmup.Reproduction;

/// <summary>Settings of <see cref="ReproductionJob.Run"/>.</summary>
/// <param name="OutputDirectory">Where the analyses, the sweep database and the figures go.</param>
/// <param name="Scale">How big.</param>
/// <param name="CommandLine">The command as typed, quoted in the report.</param>
/// <param name="ReportPath">Where REPRODUCTION.md goes (default: in <paramref name="OutputDirectory"/>); figure links are relative to it.</param>
/// <param name="Jobs">Runs at the same time.</param>
/// <param name="DataFolder">Fashion-MNIST folder, or null to search.</param>
/// <param name="TextFiles">Text files for the language model, or null for the default corpus.</param>
/// <param name="ReportOnly">Train nothing: write the report from the runs already in the database, saying how many of the plan's runs are missing.</param>
public sealed record ReproductionOptions(
    string OutputDirectory,
    ReproductionScale Scale,
    string CommandLine,
    string? ReportPath = null,
    int Jobs = 1,
    string? DataFolder = null,
    IReadOnlyList<string>? TextFiles = null,
    bool ReportOnly = false);
