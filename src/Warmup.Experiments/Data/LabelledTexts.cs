using System.Xml.Linq;

namespace Warmup.Experiments.Data;

/// <summary>
/// Documents labelled by the file they come from: the classes of a text-classification task. In a file with lines
/// that are a single <c>%</c> (the fortune format) a document is the text between two such lines; in any other file
/// it is a paragraph (lines separated by empty lines). White space is collapsed and empty documents are dropped. Document <c>j</c> of each class is held out for testing when
/// <c>j mod 10 = 9</c>.
/// </summary>
/// <param name="Documents">Every document, class by class, in file order.</param>
/// <param name="Labels">The class of each document (an index into <paramref name="Classes"/>).</param>
/// <param name="Classes">The class names (file names).</param>
/// <param name="Source">What was read, for the output.</param>
public sealed record LabelledTexts(IReadOnlyList<string> Documents, IReadOnlyList<int> Labels, IReadOnlyList<string> Classes, string Source)
{
    /// <summary>
    /// Each of the given files as a class, else each English file of the fortunes package, else each of the .NET SDK's
    /// API documentation files (whose documents are its <c>summary</c> texts), as <see cref="TextCorpus.Load"/> finds them.
    /// </summary>
    /// <param name="files">Explicit UTF-8 files (the command line's --text), or null.</param>
    /// <exception cref="FileNotFoundException">A given file is missing, or no default corpus exists.</exception>
    /// <exception cref="InvalidDataException">A file is not UTF-8, or fewer than two classes have a training and a test document.</exception>
    public static LabelledTexts Load(IReadOnlyList<string>? files = null)
    {
        if (files is { Count: > 0 })
        {
            foreach (var f in files.Where(f => !File.Exists(f)))
            {
                throw TextCorpus.Missing(f);
            }

            return Build(files.Select(f => (Path.GetFileName(f), Paragraphs(TextCorpus.ReadUtf8(f)))), string.Join(", ", files));
        }

        var fortunes = TextCorpus.FortunesFiles();
        if (fortunes.Count > 0)
        {
            return Build(
                fortunes.Select(f => (Path.GetFileName(f), Paragraphs(TextCorpus.ReadUtf8(f)))),
                $"{fortunes.Count} English files of the fortunes package ({TextCorpus.FortunesFolder}), one class each");
        }

        var docs = TextCorpus.SdkDocumentationFiles();
        return docs.Count > 0
            ? Build(
                docs.Select(f => (Path.GetFileNameWithoutExtension(f), XDocument.Load(f).Descendants("summary").Select(s => Collapse(s.Value)).Where(s => s.Length > 0).ToList())),
                $"the .NET SDK's API documentation ({docs.Count} XML files under {Path.GetDirectoryName(docs[0])}, one class each); install the fortunes package for the default corpus")
            : throw TextCorpus.NoCorpus();
    }

    /// <summary>Whether document <paramref name="index"/> of its class is held out for testing.</summary>
    /// <param name="index">Its position among its class's documents.</param>
    public static bool IsTest(int index) => index % 10 == 9;

    /// <summary>The documents of <paramref name="text"/> (see the type's summary).</summary>
    /// <param name="text">A file's text.</param>
    public static List<string> Paragraphs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = new List<string>();
        var current = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        bool fortunes = lines.Any(l => l.Trim() == "%");
        foreach (var line in lines)
        {
            string trimmed = line.Trim();
            if (fortunes ? trimmed == "%" : trimmed.Length == 0)
            {
                Flush();
            }
            else
            {
                current.Add(trimmed);
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            string paragraph = Collapse(string.Join(' ', current));
            if (paragraph.Length > 0)
            {
                paragraphs.Add(paragraph);
            }

            current.Clear();
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static LabelledTexts Build(IEnumerable<(string Name, List<string> Documents)> classes, string source)
    {
        var documents = new List<string>();
        var labels = new List<int>();
        var names = new List<string>();
        foreach (var (name, docs) in classes)
        {
            documents.AddRange(docs);
            labels.AddRange(Enumerable.Repeat(names.Count, docs.Count));
            names.Add(name);
        }

        // A class needs a training document (index 0) and a test document (index 9).
        int usable = names.Select((_, c) => labels.Count(l => l == c)).Count(n => n >= 10);
        if (usable < 2)
        {
            throw new InvalidDataException(
                $"The texts ({source}) give {usable} class(es) with at least 10 documents; text classification needs two or more (one class per file; documents between '%' lines, or else separated by empty lines).");
        }

        return new LabelledTexts(documents, labels, names, source);
    }
}
