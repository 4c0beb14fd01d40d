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
                throw new FileNotFoundException($"Text file not found: {f}.", f);
            }

            return Build(string.Join("\n", files.Select(ReadUtf8)), string.Join(", ", files), minimumLength);
        }

        if (Directory.Exists(FortunesFolder))
        {
            // The English fortune files have no extension (.dat are indexes, .u8 links to the same files).
            var fortunes = Directory.GetFiles(FortunesFolder).Where(f => Path.GetExtension(f).Length == 0).Order(StringComparer.Ordinal).ToList();
            if (fortunes.Count > 0)
            {
                var text = string.Join("\n", fortunes.Select(f => ReadUtf8(f).Replace("\n%\n", "\n\n", StringComparison.Ordinal)));
                return Build(text, $"{fortunes.Count} English files of the fortunes package ({FortunesFolder})", minimumLength);
            }
        }

        var docs = SdkDocumentation();
        if (docs is not null)
        {
            return Build(docs.Value.Text, docs.Value.Source, minimumLength);
        }

        throw new FileNotFoundException(
            "No text corpus: pass --text FILE (UTF-8), or install Debian's fortunes package (`sudo apt-get install fortunes`).");
    }

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

    private static string ReadUtf8(string path)
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

    // The <summary> texts of the reference assemblies' XML documentation (English, MIT), from the SDK's packs.
    private static (string Text, string Source)? SdkDocumentation()
    {
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        var version = Directory.GetDirectories(packs).Order(StringComparer.Ordinal).LastOrDefault();
        var files = version is null ? [] : Directory.GetFiles(version, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(40).ToList();
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

        return (text.ToString(), $"the .NET SDK's API documentation ({files.Count} XML files in {version}); install the fortunes package for the default corpus");
    }
}
