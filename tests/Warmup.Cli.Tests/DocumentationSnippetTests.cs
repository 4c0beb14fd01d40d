using System.Reflection;
using System.Text.RegularExpressions;

namespace Warmup.Cli.Tests;

/// <summary>
/// Every C# code block of README.md and of the packages' readmes is code that compiles and runs: its lines appear, in
/// order and together, in one of the samples (which CI builds from the packed packages and runs: samples/run).
/// </summary>
public partial class DocumentationSnippetTests
{
    private static readonly string Root = typeof(DocumentationSnippetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> Documents() => ["README.md", "src/Warmup.Torch/PACKAGE.md", "src/Warmup.Core/PACKAGE.md", "src/Warmup.Experiments/PACKAGE.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryCSharpBlockIsPartOfASample(string document)
    {
        var samples = Directory.EnumerateFiles(Path.Combine(Root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Lines(File.ReadAllText(f)));
        Assert.NotEmpty(samples);
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(Path.Combine(Root, document))))
        {
            var lines = Lines(block.Groups[1].Value);
            Assert.True(
                samples.Values.Any(sample => Contains(sample, lines)),
                $"{document}: this C# block is in no sample under samples/:\n{block.Groups[1].Value}");
        }
    }

    [Fact]
    public void TheReadmeHasCSharpBlocks() =>
        Assert.True(CSharpBlock().Count(File.ReadAllText(Path.Combine(Root, "README.md"))) >= 3);

    // Trimmed, non-empty lines.
    private static string[] Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool Contains(string[] haystack, string[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
