using System.Text;
using System.Text.Json;

namespace Warmup.Reports;

/// <summary>A report's tables as files beside it: each as CSV (the cells as the report shows them) and as JSON.</summary>
public static class ReportExport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>
    /// Writes <c>NAME.csv</c> and <c>NAME.json</c> (<c>{"name", "section", "header", "rows"}</c>) for every table into
    /// <paramref name="folder"/> (created if missing).
    /// </summary>
    /// <param name="folder">Where the files go.</param>
    /// <param name="tables">The tables (<see cref="MarkdownReport.Tables"/>).</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteTables(string folder, IEnumerable<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(tables);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var t in tables)
        {
            string csv = Path.Combine(folder, t.Name + ".csv");
            CsvTable.Write(csv, t.Header, t.Rows.Select(r => (IReadOnlyList<object>)[.. r]));
            string json = Path.Combine(folder, t.Name + ".json");
            File.WriteAllText(json, JsonSerializer.Serialize(new { name = t.Name, section = t.Section, header = t.Header, rows = t.Rows }, JsonOptions), new UTF8Encoding(false));
            written.Add(csv);
            written.Add(json);
        }

        return written;
    }

    /// <summary>Writes <paramref name="rows"/> as <c>NAME.csv</c> and as <c>NAME.json</c> (an array of objects, one per row, numbers as numbers).</summary>
    /// <param name="folder">Where the files go (created if missing).</param>
    /// <param name="name">The file name without extension.</param>
    /// <param name="header">Column names.</param>
    /// <param name="rows">Rows of numbers, text or nulls, as many cells as the header.</param>
    /// <returns>The two files written.</returns>
    public static IReadOnlyList<string> WriteData(string folder, string name, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(folder);
        string csv = Path.Combine(folder, name + ".csv");
        CsvTable.Write(csv, header, rows.Select(r => (IReadOnlyList<object>)[.. r.Select(c => c ?? string.Empty)]));
        string json = Path.Combine(folder, name + ".json");
        var objects = rows.Select(r => header.Select((h, i) => (h, v: Plain(r[i]))).ToDictionary(x => x.h, x => x.v)).ToList();
        File.WriteAllText(json, JsonSerializer.Serialize(objects, JsonOptions), new UTF8Encoding(false));
        return [csv, json];
    }

    // Non-finite numbers have no JSON form: null.
    private static object? Plain(object? value) => value switch
    {
        double d when !double.IsFinite(d) => null,
        float f when !float.IsFinite(f) => null,
        _ => value,
    };
}
