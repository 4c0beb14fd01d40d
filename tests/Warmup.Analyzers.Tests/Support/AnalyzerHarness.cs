using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Warmup.Analyzers.Tests.Support;

/// <summary>
/// Compiles C# snippets in memory against the real TorchSharp 0.107 metadata and runs the three analyzers on them.
/// </summary>
internal static partial class AnalyzerHarness
{
    /// <summary>Where the snippets live, for .editorconfig sections.</summary>
    public const string SourceFolder = "/snippets";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A compilation of <paramref name="sources"/> (files Test0.cs, Test1.cs, ...); it must have no errors.</summary>
    public static CSharpCompilation Compile(IEnumerable<string> sources, SyntaxTreeOptionsProvider? treeOptions = null, bool torchSharp = true)
    {
        var trees = sources.Select((source, i) =>
            CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"{SourceFolder}/Test{i}.cs"));
        var references = torchSharp
            ? References.Value
            : References.Value.Where(r => !r.Display!.EndsWith("TorchSharp.dll", StringComparison.Ordinal)).ToImmutableArray();
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable)
            .WithSyntaxTreeOptionsProvider(treeOptions);
        var compilation = CSharpCompilation.Create("Snippets", trees, references, options);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The snippet does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The analyzers' diagnostics on <paramref name="compilation"/>, sorted by position.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        var failures = new List<string>();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new ImplicitScalarConversionAnalyzer(), new HiddenScalarCallAnalyzer(), new UnheldScalarAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options)
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The analyzers' findings on <paramref name="sources"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> FindingsAsync(params string[] sources) =>
        ToFindings(await AnalyzeAsync(Compile(sources)));

    /// <summary>Findings as (id, 1-based line), sorted by line then id.</summary>
    public static IReadOnlyList<Finding> ToFindings(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => new Finding(d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1))
            .OrderBy(f => f.Line).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Checks that the analyzers report exactly what the source's markers say: a line ending in
    /// <c>// expect: WU0001, WU0002</c> expects those diagnostics on that line; unmarked lines expect none.
    /// </summary>
    public static async Task AssertMarkedAsync(string source)
    {
        var expected = source.Split('\n')
            .SelectMany((line, i) => Marker().Match(line) is { Success: true } m
                ? m.Groups[1].Value.Split(',').Select(id => new Finding(id.Trim(), i + 1))
                : [])
            .OrderBy(f => f.Line).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        var actual = await FindingsAsync(source);
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// A compilable snippet: <paramref name="statements"/> inside a method with tensors x, y, z and .NET numbers
    /// d, f, i, l, b in scope, and <paramref name="members"/> beside it in the same class.
    /// </summary>
    public static string InMethod(string statements, string members = "") => $$"""
        using System;
        using System.Collections.Generic;
        using TorchSharp;
        using static TorchSharp.torch;

        #pragma warning disable CS0219, CS0168, CS8321
        public class Snippet
        {
        {{members}}
            public static void Run(Tensor x, Tensor y, Tensor z, double d, float f, int i, long l, bool b)
            {
        {{statements}}
            }
        }
        """;

    [GeneratedRegex(@"//\s*expect:\s*(WU\d{4}(?:\s*,\s*WU\d{4})*)\s*\r?$")]
    private static partial Regex Marker();
}
