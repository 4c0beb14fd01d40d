using System.Text.Json;

namespace Warmup.Cli.Commands;

/// <summary>JSON conventions of every <c>--json</c> output: snake_case names, indented.</summary>
internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
    };
}
