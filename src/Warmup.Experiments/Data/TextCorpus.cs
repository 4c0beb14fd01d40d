using System.Text;
using System.Xml.Linq;

namespace Warmup.Experiments.Data;

/// <summary>
/// A character-level corpus: the text of one or more UTF-8 files, its alphabet, and a training / validation split
/// (the last tenth of the text is held out).
/// </summary>
/// <param name="Text">The whole text (control characters other than newline removed).</param>
/// <param name="Alphabet">Its distinct characters, in code-point order; a character's index is its token.</param>
/// <param name="Source">What was read, for the output.</param>
public sealed record TextCorpus(string Text, string Alphabet, string Source)
{
    /// <summary>The Debian package's folder (apt-get install fortunes).</summary>
    public const string FortunesFolder = "/usr/share/games/fortunes";

    /// <summary>Number of distinct characters.</summary>
    public int VocabularySize => Alphabet.Length;

    /// <summary>Where validation starts: the last 10 % of the text.</summary>
    public int ValidationStart => Text.Length - (Text.Length / 10);

    /// <summary>The text as tokens.</summary>
    public int[] Tokens()
    {
        var index = new Dictionary<char, int>();
        for (int i = 0; i < Alphabet.Length; i++)
        {
            index[Alphabet[i]] = i;
        }

        return Text.Select(c => index[c]).ToArray();
    }

    /// <summary>
    /// Loads the given files, else the English files of the fortunes package, else the English API documentation
    /// shipped with the .NET SDK.
    /// </summary>
    /// <param name="files">Explicit UTF-8 files (the command line's --text), or null.</param>
    /// <param name="minimumLength">Shortest usable text.</param>
    /// <exception cref="FileNotFoundException">A given file is missing, or no default corpus exists.</exception>
    public static TextCorpus Load(IReadOnlyList<string>? files = null, int minimumLength = 10_000)
    {
        if (files is { Count: > 0 })
        {
            foreach (var f in files.Where(f => !File.Exists(f)))
            {
                throw Missing(f);
            }

            return Build(string.Join("\n", files.Select(ReadUtf8)), string.Join(", ", files), minimumLength);
        }

        var fortunes = FortunesFiles();
        if (fortunes.Count > 0)
        {
            var text = string.Join("\n", fortunes.Select(f => ReadUtf8(f).Replace("\n%\n", "\n\n", StringComparison.Ordinal)));
            return Build(text, $"{fortunes.Count} English files of the fortunes package ({FortunesFolder})", minimumLength);
        }

        var docs = SdkDocumentation();
        return docs is not null ? Build(docs.Value.Text, docs.Value.Source, minimumLength) : throw NoCorpus();
    }

    /// <summary>
    /// What <see cref="Load"/> would read, as a short stable description (full paths of the given files, the fortunes
    /// folder, or the SDK documentation folder), without reading it.
    /// </summary>
    /// <param name="files">Explicit files, or null for the default corpus.</param>
    /// <exception cref="FileNotFoundException">A given file is missing, or no default corpus exists.</exception>
    public static string Locate(IReadOnlyList<string>? files = null)
    {
        if (files is { Count: > 0 })
        {
            foreach (var f in files.Where(f => !File.Exists(f)))
            {
                throw Missing(f);
            }

            return string.Join('|', files.Select(Path.GetFullPath));
        }

        if (FortunesFiles().Count > 0)
        {
            return "fortunes:" + FortunesFolder;
        }

        return SdkDocumentationFiles() is { Count: > 0 } docs
            ? "sdk-docs:" + Path.GetDirectoryName(docs[0])
            : throw NoCorpus();
    }

    internal static FileNotFoundException Missing(string file) => Directory.Exists(file)
        ? new($"Text file {file} is a folder; --text takes UTF-8 files.", file)
        : new($"Text file not found: {file}.", file);

    internal static FileNotFoundException NoCorpus() => new(
        "No text corpus: pass --text FILE (UTF-8), or install Debian's fortunes package (`sudo apt-get install fortunes`).");

    // The English fortune files have no extension (.dat are indexes, .u8 links to the same files).
    internal static List<string> FortunesFiles() => Directory.Exists(FortunesFolder)
        ? Directory.GetFiles(FortunesFolder).Where(f => Path.GetExtension(f).Length == 0).Order(StringComparer.Ordinal).ToList()
        : [];

    private static TextCorpus Build(string raw, string source, int minimumLength)
    {
        var text = new StringBuilder(raw.Length);
        foreach (char c in raw.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                text.Append(c);
            }
        }

        if (text.Length < minimumLength)
        {
            throw new InvalidDataException($"The text ({source}) has {text.Length:N0} characters; at least {minimumLength:N0} are needed.");
        }

        var s = text.ToString();
        var alphabet = new string([.. s.Distinct().Order()]);
        return new TextCorpus(s, alphabet, source);
    }

    internal static string ReadUtf8(string path)
    {
        try
        {
            return File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 ({e.Message}).", e);
        }
    }

    // The reference assemblies' XML documentation (English, MIT) in the SDK's packs: the first 40 files of the
    // newest version.
    internal static List<string> SdkDocumentationFiles()
    {
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        var version = Directory.Exists(packs) ? Directory.GetDirectories(packs).Order(StringComparer.Ordinal).LastOrDefault() : null;
        return version is null ? [] : Directory.GetFiles(version, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(40).ToList();
    }

    // Their <summary> texts, one per line.
    private static (string Text, string Source)? SdkDocumentation()
    {
        var files = SdkDocumentationFiles();
        if (files.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var file in files)
        {
            foreach (var summary in XDocument.Load(file).Descendants("summary"))
            {
                text.AppendJoin(' ', summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Append('\n');
            }
        }

        return (text.ToString(), $"the .NET SDK's API documentation ({files.Count} XML files under {Path.GetDirectoryName(files[0])}); install the fortunes package for the default corpus");
    }
}
