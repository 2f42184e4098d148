using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipDefaultArrays, SkipInheritedIgnores } },
    };

    /// <summary>
    /// Overrides of a <c>[JsonIgnore]</c> member (<see cref="RelNode.Inputs"/>, <see cref="ExpectationRule.IsRowRule"/>)
    /// stay ignored: the attribute on the abstract member is the intent, and writing the inputs again would duplicate the tree.
    /// </summary>
    private static void SkipInheritedIgnores(JsonTypeInfo info)
    {
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].AttributeProvider is not System.Reflection.PropertyInfo member) continue;
            var baseMember = member.GetMethod?.GetBaseDefinition().DeclaringType?.GetProperty(member.Name);
            if (baseMember is not null && baseMember != member && baseMember.IsDefined(typeof(JsonIgnoreAttribute), inherit: false))
                info.Properties.RemoveAt(i);
        }
    }

    /// <summary>
    /// An <c>ImmutableArray</c> left at its default (e.g. <see cref="LiteralExpr.Items"/> of a scalar)
    /// means "absent": it is omitted, like null, instead of failing the serializer.
    /// </summary>
    private static void SkipDefaultArrays(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            var type = property.PropertyType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(System.Collections.Immutable.ImmutableArray<>)) continue;
            var isDefault = type.GetProperty(nameof(System.Collections.Immutable.ImmutableArray<int>.IsDefault))!;
            property.ShouldSerialize = (_, value) => value is not null && !(bool)isDefault.GetValue(value)!;
        }
    }

    public static string Serialize(PipelineIr pipeline) => JsonSerializer.Serialize(pipeline, Options).ReplaceLineEndings("\n");

    private sealed class PulseTypeConverter : JsonConverter<PulseType>
    {
        public override PulseType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The IR JSON is an output format; read specs, not IR.");

        public override void Write(Utf8JsonWriter writer, PulseType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
