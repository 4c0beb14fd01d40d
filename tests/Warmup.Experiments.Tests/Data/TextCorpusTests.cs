using System.Text;
using Warmup.Experiments.Data;

namespace Warmup.Experiments.Tests.Data;

public sealed class TextCorpusTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-text-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void BuildsAlphabetTokensAndSplitFromGivenFiles()
    {
        var a = Write("a.txt", string.Concat(Enumerable.Repeat("abc\r\n", 20)));
        var b = Write("b.txt", string.Concat(Enumerable.Repeat("cab\u0007é", 20)));

        var corpus = TextCorpus.Load([a, b], minimumLength: 100);

        Assert.Equal("\nabcé", corpus.Alphabet); // CR and BEL removed, code-point order
        Assert.Equal((20 * 4) + 1 + (20 * 4), corpus.Text.Length);
        Assert.Equal(corpus.Text.Length - (corpus.Text.Length / 10), corpus.ValidationStart);
        var tokens = corpus.Tokens();
        Assert.Equal(corpus.Text.Length, tokens.Length);
        Assert.Equal([1, 2, 3, 0], tokens[..4]);
        Assert.Equal(4, tokens[^1]);
    }

    [Fact]
    public void ErrorsNameTheFileAndTheProblem()
    {
        var missing = Path.Combine(_dir.FullName, "missing.txt");
        Assert.Equal($"Text file not found: {missing}.", Assert.Throws<FileNotFoundException>(() => TextCorpus.Load([missing])).Message);

        var latin1 = Path.Combine(_dir.FullName, "latin1.txt");
        File.WriteAllBytes(latin1, [0x63, 0x61, 0x66, 0xE9, 0x20]);
        Assert.StartsWith($"{latin1}: not valid UTF-8", Assert.Throws<InvalidDataException>(() => TextCorpus.Load([latin1], 1)).Message, StringComparison.Ordinal);

        var small = Write("small.txt", "tiny");
        Assert.Equal($"The text ({small}) has 4 characters; at least 10,000 are needed.", Assert.Throws<InvalidDataException>(() => TextCorpus.Load([small])).Message);
    }

    [Fact]
    public void TheDefaultCorpusIsEnglishText()
    {
        var corpus = TextCorpus.Load();

        Assert.True(corpus.Text.Length >= 10_000);
        Assert.Contains(" the ", corpus.Text, StringComparison.Ordinal);
        Assert.InRange(corpus.VocabularySize, 30, 500);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
