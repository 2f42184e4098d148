using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Ir;

/// <summary>The one way the IR is written as JSON: camelCase, enums as strings, types as their spec spelling.</summary>
public static class IrJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new PulseTypeConverter() },
    };

    public static string Serialize(PipelineIr pipeline) => JsonSerializer.Serialize(pipeline, Options).ReplaceLineEndings("\n");

    private sealed class PulseTypeConverter : JsonConverter<PulseType>
    {
        public override PulseType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The IR JSON is an output format; read specs, not IR.");

        public override void Write(Utf8JsonWriter writer, PulseType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
