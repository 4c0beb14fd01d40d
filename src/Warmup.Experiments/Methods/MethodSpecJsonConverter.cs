using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warmup.Experiments.Methods;

/// <summary>A method in JSON: its canonical name (<see cref="MethodSpec.Name"/>), read back with <see cref="MethodSpec.Parse"/>.</summary>
public sealed class MethodSpecJsonConverter : JsonConverter<MethodSpec>
{
    /// <inheritdoc />
    public override MethodSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MethodSpec.Parse(reader.GetString() ?? throw new JsonException("A method must be a name such as \"untuned-linear\"."));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MethodSpec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Name);
    }
}
