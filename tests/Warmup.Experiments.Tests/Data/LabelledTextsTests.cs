using Warmup.Experiments.Data;

namespace Warmup.Experiments.Tests.Data;

public sealed class LabelledTextsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-labelled-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void DocumentsArePercentSeparatedFortunesElseParagraphs()
    {
        // A fortune may hold empty lines: in a file with '%' lines only those separate documents.
        Assert.Equal(["one two", "three four five"], LabelledTexts.Paragraphs("one\r\n two\n%\nthree\n\n\n  \nfour  five\n%\n"));
        Assert.Equal(["one two", "three", "four five"], LabelledTexts.Paragraphs("one\r\n two\n\nthree\n\n\n  \nfour  five\n"));
        Assert.Equal(["100% sure"], LabelledTexts.Paragraphs("\n100% sure\n"));
        Assert.Empty(LabelledTexts.Paragraphs("%\n\n%"));
    }

    [Fact]
    public void EachFileIsAClassAndEveryTenthDocumentIsHeldOut()
    {
        var cats = Write("cats", Enumerable.Range(0, 12).Select(i => $"cat {i}"));
        var dogs = Write("dogs.txt", Enumerable.Range(0, 10).Select(i => $"dog {i}"));

        var texts = LabelledTexts.Load([cats, dogs]);

        Assert.Equal(["cats", "dogs.txt"], texts.Classes);
        Assert.Equal(22, texts.Documents.Count);
        Assert.Equal("cat 0", texts.Documents[0]);
        Assert.Equal("dog 9", texts.Documents[^1]);
        Assert.Equal(Enumerable.Repeat(0, 12).Concat(Enumerable.Repeat(1, 10)), texts.Labels);
        Assert.Equal($"{cats}, {dogs}", texts.Source);
        Assert.Equal([9, 19], Enumerable.Range(0, 25).Where(LabelledTexts.IsTest));
    }

    [Fact]
    public void TooFewClassesOrAMissingFileAreNamed()
    {
        var cats = Write("cats", Enumerable.Range(0, 10).Select(i => $"cat {i}"));
        var few = Write("few", Enumerable.Range(0, 9).Select(i => $"dog {i}"));
        var message = Assert.Throws<InvalidDataException>(() => LabelledTexts.Load([cats, few])).Message;
        Assert.StartsWith($"The texts ({cats}, {few}) give 1 class(es) with at least 10 documents", message, StringComparison.Ordinal);

        var missing = Path.Combine(_dir.FullName, "missing");
        Assert.Equal($"Text file not found: {missing}.", Assert.Throws<FileNotFoundException>(() => LabelledTexts.Load([cats, missing])).Message);
    }

    private string Write(string name, IEnumerable<string> documents)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, string.Join("\n%\n", documents) + "\n");
        return path;
    }
}
