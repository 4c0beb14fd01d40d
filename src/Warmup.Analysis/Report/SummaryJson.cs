using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warmup.Analysis.Report;

/// <summary>JSON conventions of summary.json: snake_case, indented, NaN written as null.</summary>
public static class SummaryJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="sections"/> as one object keyed by <see cref="Section.Key"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="sections">The sections.</param>
    public static void Write(string path, IEnumerable<Section> sections)
    {
        var root = sections.ToDictionary(s => s.Key, s => s.Summary);
        File.WriteAllText(path, JsonSerializer.Serialize(root, Options));
    }
}
