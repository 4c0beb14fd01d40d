using Microsoft.CodeAnalysis;
using Warmup.Analyzers.Tests.Support;
using static Warmup.Analyzers.Tests.Support.AnalyzerHarness;

namespace Warmup.Analyzers.Tests;

/// <summary>The rules are errors by default and can be silenced the usual ways: #pragma, .editorconfig, SuppressMessage.</summary>
public class SuppressionTests
{
    private static readonly string AllThree = InMethod(
        """
                x.mul_(d);
                x.add_(y);
                x.add_(y, 0.5.ToScalar());
        """);

    [Fact]
    public async Task EachRuleIsAnErrorByDefault()
    {
        var diagnostics = await AnalyzeAsync(Compile([AllThree]));
        Assert.Equal(["WU0001", "WU0002", "WU0003"], diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public Task PragmaWarningDisable() => AssertMarkedAsync(InMethod(
        """
        #pragma warning disable WU0001, WU0002
                x.mul_(d);
                x.add_(y);
        #pragma warning restore WU0001, WU0002
                x.mul_(d); // expect: WU0001
        #pragma warning disable WU0003
                x.add_(y, 0.5.ToScalar());
        """));

    [Fact]
    public async Task EditorConfigSeverityNoneSilencesARule()
    {
        var options = new EditorConfigOptions(
            "root = true\n[*.cs]\ndotnet_diagnostic.WU0002.severity = none\n", SourceFolder + "/.editorconfig");
        var diagnostics = await AnalyzeAsync(Compile([AllThree], options));
        Assert.Equal(["WU0001", "WU0003"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task EditorConfigCanLowerTheSeverity()
    {
        var options = new EditorConfigOptions(
            "root = true\n[*.cs]\ndotnet_diagnostic.WU0001.severity = warning\n", SourceFolder + "/.editorconfig");
        var diagnostics = await AnalyzeAsync(Compile([AllThree], options));
        Assert.Equal(
            [("WU0001", DiagnosticSeverity.Warning), ("WU0002", DiagnosticSeverity.Error), ("WU0003", DiagnosticSeverity.Error)],
            diagnostics.Select(d => (d.Id, d.Severity)));
    }

    [Fact]
    public Task SuppressMessageAttribute() => AssertMarkedAsync(InMethod(
        """
                x.mul_(d); // expect: WU0001
        """,
        """
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "WU0002", Justification = "test")]
            public static void Suppressed(Tensor x, Tensor y) => x.add_(y);
        """));
}
