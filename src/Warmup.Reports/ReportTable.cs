namespace Warmup.Reports;

/// <summary>A table of a <see cref="MarkdownReport"/>, as written: the cells are the report's text.</summary>
/// <param name="Name">A file name for it, unique in its report: the headings it sits under, as a slug, then its name or its number under them ("charlm-validation-perplexity-train-loss", "charlm-validation-perplexity-1").</param>
/// <param name="Section">The headings it sits under, joined by " / ".</param>
/// <param name="Header">Column titles.</param>
/// <param name="Rows">Cells, one list per row.</param>
public sealed record ReportTable(string Name, string Section, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);
