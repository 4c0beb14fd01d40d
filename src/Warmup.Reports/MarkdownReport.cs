using System.Globalization;
using System.Text;

namespace Warmup.Reports;

/// <summary>
/// A Markdown document built section by section, with tables and images; it keeps every table (<see cref="Tables"/>,
/// for export beside the report) and every image link (<see cref="Images"/>).
/// </summary>
public sealed class MarkdownReport
{
    private readonly StringBuilder _text = new();
    private readonly List<ReportTable> _tables = [];
    private readonly List<string> _images = [];
    private readonly string[] _headings = new string[6];
    private readonly Dictionary<string, int> _tablesUnder = new(StringComparer.Ordinal);

    /// <summary>Every table added, in order.</summary>
    public IReadOnlyList<ReportTable> Tables => _tables;

    /// <summary>Every image's path as linked (relative to the report), in order.</summary>
    public IReadOnlyList<string> Images => _images;

    /// <summary>Adds a heading.</summary>
    /// <param name="level">1 to 6.</param>
    /// <param name="title">The heading text.</param>
    public MarkdownReport Heading(int level, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        int at = Math.Clamp(level, 1, 6);
        _text.Append('#', at).Append(' ').AppendLine(title).AppendLine();
        _headings[at - 1] = title;
        Array.Fill(_headings, null, at, _headings.Length - at);
        return this;
    }

    /// <summary>Adds a paragraph.</summary>
    /// <param name="text">The paragraph.</param>
    public MarkdownReport Paragraph(string text)
    {
        _text.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>Adds a table.</summary>
    /// <param name="header">Column titles.</param>
    /// <param name="rows">Cells, already formatted.</param>
    /// <param name="name">What the table holds, for its exported file's name after its headings' ("train-loss"); default: its number under them.</param>
    public MarkdownReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.ToList();
        _text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        _text.Append('|').AppendJoin(string.Empty, header.Select(_ => "---|")).AppendLine();
        foreach (var row in cells)
        {
            _text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        _text.AppendLine();

        // Named by the headings below the document's title (level 1), so that names stay the same when the title
        // holds a path.
        var under = _headings.Skip(1).OfType<string>().ToList();
        string section = string.Join(" / ", under);
        string stem = Slug(under.Count > 0 ? section : "table");
        string unique = name is null ? stem : $"{stem}-{Slug(name)}";
        int k = _tablesUnder[unique] = _tablesUnder.GetValueOrDefault(unique) + 1;
        _tables.Add(new ReportTable(name is null || k > 1 ? $"{unique}-{k}" : unique, section, [.. header], cells));
        return this;
    }

    /// <summary>Adds an image.</summary>
    /// <param name="alt">Alternative text.</param>
    /// <param name="relativePath">Path relative to the report.</param>
    public MarkdownReport Image(string alt, string relativePath)
    {
        _text.Append("![").Append(alt).Append("](").Append(relativePath).AppendLine(")").AppendLine();
        _images.Add(relativePath);
        return this;
    }

    /// <summary>Formats a number for a table with <paramref name="digits"/> significant digits.</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Significant digits.</param>
    public static string Number(double value, int digits = 4) => value.ToString("G" + digits, CultureInfo.InvariantCulture);

    /// <summary>
    /// A file name from text: lower-case ASCII letters and digits, other runs of characters as one '-', at most 80
    /// characters ("Fashion-MNIST MLP (fmnist-mlp): test accuracy (%)" becomes "fashion-mnist-mlp-fmnist-mlp-test-accuracy").
    /// </summary>
    /// <param name="text">The text.</param>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        string s = slug.ToString().TrimEnd('-');
        s = s.Length > 80 ? s[..80].TrimEnd('-') : s;
        return s.Length == 0 ? "table" : s;
    }

    /// <summary>Writes the document.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(false));

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
