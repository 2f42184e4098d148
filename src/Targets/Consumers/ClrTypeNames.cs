using System.Globalization;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Pulse.Targets.Consumers;

/// <summary>
/// How generated code holds a value of each Pulse type: the runtime's representation (Runtime/Expressions/ClrTypes.cs),
/// in the nullable form (<c>int?</c>, <c>decimal?</c>, ...), so null propagation is a type-level fact; strings
/// (and json, list and record values as JSON text) are <c>string</c>.
/// </summary>
internal static class ClrTypeNames
{
    /// <summary>The underlying value type's name (<c>decimal</c>), or null for reference-held kinds.</summary>
    public static string? ValueType(PulseType type) => type.Kind switch
    {
        TypeKind.Int => "int",
        TypeKind.Long => "long",
        TypeKind.Double => "double",
        TypeKind.Decimal => "decimal",
        TypeKind.Bool => "bool",
        TypeKind.Date => "System.DateOnly",
        TypeKind.Timestamp => "System.DateTime",
        TypeKind.Duration => "System.TimeSpan",
        TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record or TypeKind.Null => null,
        _ => throw new TargetUnsupportedException($"type {type} has no value representation in a consumer"),
    };

    public static bool IsText(PulseType type) => type.Kind is TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record;

    /// <summary>The C# type text of a held value (<c>decimal?</c>, <c>string</c>; <c>object</c> for the null type).</summary>
    public static string Of(PulseType type) => type.Kind == TypeKind.Null ? "object" : ValueType(type) is { } value ? value + "?" : "string";

    public static TypeSyntax Syntax(PulseType type) => ParseTypeName(Of(type));

    /// <summary>A <c>PulseType</c> value in generated code (e.g. <c>PulseType.Decimal(10, 4).AsNullable()</c>).</summary>
    public static ExpressionSyntax TypeValue(PulseType type)
    {
        ExpressionSyntax value = type.Kind switch
        {
            TypeKind.Decimal => CSharpSyntax.Call("PulseType", "Decimal", CSharpSyntax.Int(type.Precision), CSharpSyntax.Int(type.Scale)),
            TypeKind.List => CSharpSyntax.Call("PulseType", "ListOf", TypeValue(type.Element!)),
            TypeKind.Record => CSharpSyntax.Call("PulseType", "RecordOf", CSharpSyntax.Array("FieldType",
                type.Fields.Select(f => (ExpressionSyntax)CSharpSyntax.New("FieldType", CSharpSyntax.String(f.Name), TypeValue(f.Type))))),
            _ => CSharpSyntax.Dotted("PulseType." + type.Kind.ToString()),
        };
        return type.Nullable && type.Kind != TypeKind.Null ? CSharpSyntax.Call(value, "AsNullable") : value;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The IR uses something a generated consumer cannot run; becomes a PULSE44xx target error.</summary>
internal sealed class TargetUnsupportedException(string message) : Exception(message);
