using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>Reads and writes <c>pulse.state.json</c>: camelCase, indented, '\n', stable order.</summary>
public static class SchemaStateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(SchemaState state) => JsonSerializer.Serialize(state, Options) + "\n";

    /// <summary>Reads a state file; a file that is not a state gives a message, not an exception.</summary>
    public static bool TryRead(string json, out SchemaState? state, out string error)
    {
        try
        {
            state = JsonSerializer.Deserialize<SchemaState>(json, Options);
            error = state is null ? "the state file is empty" : "";
            return state is not null;
        }
        catch (JsonException e)
        {
            state = null;
            error = $"not a Pulse state file: {e.Message}";
            return false;
        }
    }
}
