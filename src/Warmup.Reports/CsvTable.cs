using System.Globalization;
using System.Text;

namespace Warmup.Reports;

/// <summary>A CSV file: a header and rows of numbers or text, invariant culture, RFC 4180 quoting.</summary>
public static class CsvTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="header"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file; its folder is created if missing.</param>
    /// <param name="header">Column names.</param>
    /// <param name="rows">Rows, as many cells as the header.</param>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', header.Select(Quote)));
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"A row has {row.Count} cells; the header has {header.Count}.", nameof(rows));
            }

            writer.WriteLine(string.Join(',', row.Select(Format)));
        }
    }

    /// <summary>One cell as CSV text: numbers round-trip (R), text quoted when needed.</summary>
    /// <param name="value">The cell.</param>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => Quote(x.ToString(null, CultureInfo.InvariantCulture)),
        null => string.Empty,
        _ => Quote(value.ToString() ?? string.Empty),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
}
