using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Warmup.Analyzers.Tests;

/// <summary>The rule descriptors: ids, default severity, help text.</summary>
public class ScalarRulesTests
{
    public static TheoryData<DiagnosticAnalyzer, string> Analyzers() => new()
    {
        { new ImplicitScalarConversionAnalyzer(), "WU0001" },
        { new HiddenScalarCallAnalyzer(), "WU0002" },
        { new UnheldScalarAnalyzer(), "WU0003" },
    };

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void EachAnalyzerOwnsOneErrorRuleWithAHelpText(DiagnosticAnalyzer analyzer, string id)
    {
        var rule = Assert.Single(analyzer.SupportedDiagnostics);
        Assert.Equal(id, rule.Id);
        Assert.Equal(DiagnosticSeverity.Error, rule.DefaultSeverity);
        Assert.True(rule.IsEnabledByDefault);
        var help = rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("TorchSharp", help, StringComparison.Ordinal);
        Assert.EndsWith(".", help, StringComparison.Ordinal);
    }
}
