using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Warmup.Cli.Commands;

/// <summary>
/// A table of figures that no console width cuts: a Spectre.Console table on an interactive terminal wide enough for
/// it; otherwise (output redirected, or a terminal narrower than the table) plain text in aligned columns with every
/// header and number in full, which a pipe, a file or a narrow terminal keeps whole. Columns of numbers are
/// right-aligned.
/// </summary>
internal sealed class ResultTable
{
    private const string Gap = "  ";
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with these column headers.</summary>
    /// <param name="headers">One per column, plain text (no markup).</param>
    public ResultTable(params string[] headers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(headers.Length);
        _headers = headers;
    }

    /// <summary>Adds a row of plain-text cells (no markup), one per column.</summary>
    /// <param name="cells">The cells.</param>
    public ResultTable AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row has {cells.Length} cells; the table has {_headers.Length} columns.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>Width of the Spectre table: per column its widest cell, a space on either side and a border; one more border.</summary>
    public int BoxWidth => Widths().Sum(w => w + 3) + 1;

    /// <summary>Prints the table to standard output.</summary>
    public void Write() => Write(AnsiConsole.Console, Console.IsOutputRedirected);

    /// <summary>Prints the table to <paramref name="console"/>: boxed if it is interactive and wide enough, else plain.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="redirected">The output goes to a pipe or a file.</param>
    internal void Write(IAnsiConsole console, bool redirected)
    {
        if (redirected || BoxWidth > console.Profile.Width)
        {
            console.Profile.Out.Writer.Write(ToPlainText());
            console.Profile.Out.Writer.Flush();
            return;
        }

        var table = new Table();
        for (int c = 0; c < _headers.Length; c++)
        {
            var column = new TableColumn(new Text(_headers[c]));
            table.AddColumn(IsNumeric(c) ? column.RightAligned() : column);
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
        }

        console.Write(table);
    }

    /// <summary>The table as plain text: the headers, a rule of dashes, the rows; columns two spaces apart, lines ending in a newline.</summary>
    internal string ToPlainText()
    {
        var widths = Widths();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder();
            for (int c = 0; c < cells.Count; c++)
            {
                line.Append(c == 0 ? string.Empty : Gap).Append(IsNumeric(c) ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        Line(_headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    private int[] Widths() =>
        Enumerable.Range(0, _headers.Length).Select(c => _rows.Select(r => r[c].Length).Prepend(_headers[c].Length).Max()).ToArray();

    // Numbers (with a unit suffix such as x or %), blanks and dashes only, and at least one number.
    private bool IsNumeric(int column)
    {
        var cells = _rows.Select(r => r[column].Trim()).Where(cell => cell.Length > 0 && cell != "-").ToList();
        return cells.Count > 0 && cells.All(cell => double.TryParse(
            cell.TrimEnd('x', '%', ' '), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _));
    }
}
