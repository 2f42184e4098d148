using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Lsp.Rpc;

/// <summary>JSON settings of the protocol: camelCase names, absent members omitted.</summary>
public static class LspJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        return options;
    }
}
