using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Warmup.Analyzers.Tests.Support;

/// <summary>
/// Severities from an .editorconfig text, applied the way the compiler applies a project's .editorconfig
/// (<see cref="AnalyzerConfigSet"/> turned into per-tree diagnostic options).
/// </summary>
internal sealed class EditorConfigOptions : SyntaxTreeOptionsProvider
{
    private readonly AnalyzerConfigSet _set;

    public EditorConfigOptions(string editorConfig, string path) =>
        _set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, path)));

    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        _set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        severity = ReportDiagnostic.Default;
        return false;
    }
}
