using System.Globalization;
using System.Text;

namespace Warmup.Reports;

/// <summary>A Markdown document built section by section, with tables and images.</summary>
public sealed class MarkdownReport
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds a heading.</summary>
    /// <param name="level">1 to 6.</param>
    /// <param name="title">The heading text.</param>
    public MarkdownReport Heading(int level, string title)
    {
        _text.Append('#', Math.Clamp(level, 1, 6)).Append(' ').AppendLine(title).AppendLine();
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
    public MarkdownReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        _text.Append('|').AppendJoin(string.Empty, header.Select(_ => "---|")).AppendLine();
        foreach (var row in rows)
        {
            _text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        _text.AppendLine();
        return this;
    }

    /// <summary>Adds an image.</summary>
    /// <param name="alt">Alternative text.</param>
    /// <param name="relativePath">Path relative to the report.</param>
    public MarkdownReport Image(string alt, string relativePath)
    {
        _text.Append("![").Append(alt).Append("](").Append(relativePath).AppendLine(")").AppendLine();
        return this;
    }

    /// <summary>Formats a number for a table with <paramref name="digits"/> significant digits.</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Significant digits.</param>
    public static string Number(double value, int digits = 4) => value.ToString("G" + digits, CultureInfo.InvariantCulture);

    /// <summary>Writes the document.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(false));

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
