using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>Pulse types as Spark sees them: <c>DataType</c> constructor syntax for schemas and DDL text for <c>Column.Cast</c>.</summary>
public static class SparkTypes
{
    /// <summary><c>new StringType()</c>, <c>new DecimalType(10, 4)</c>, <c>new StructType(...)</c>, ...</summary>
    public static ExpressionSyntax DataType(PulseType type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json => New("StringType"),
        TypeKind.Int => New("IntegerType"),
        TypeKind.Long => New("LongType"),
        TypeKind.Double => New("DoubleType"),
        TypeKind.Decimal => New("DecimalType", Int(type.Precision), Int(type.Scale)),
        TypeKind.Bool => New("BooleanType"),
        TypeKind.Date => New("DateType"),
        TypeKind.Timestamp => New("TimestampType"),
        TypeKind.List => New("ArrayType", DataType(type.Element!), Bool(true)),
        TypeKind.Record => Struct(type.Fields.IsDefault ? [] : type.Fields.Select(f => (f.Name, f.Type))),
        _ => throw new NotSupportedException($"type {type} has no Spark column type"),
    };

    /// <summary><c>new StructType(new[] { new StructField("name", type, nullable), ... })</c>.</summary>
    public static ExpressionSyntax Struct(IEnumerable<(string Name, PulseType Type)> fields) =>
        New("StructType", Array("StructField",
            fields.Select(f => (ExpressionSyntax)New("StructField", String(f.Name), DataType(f.Type), Bool(f.Type.Nullable)))));

    /// <summary>Spark SQL DDL type text (record field names backtick-quoted), used with <c>Column.Cast</c>.</summary>
    public static string Ddl(PulseType type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json => "string",
        TypeKind.Int => "int",
        TypeKind.Long => "bigint",
        TypeKind.Double => "double",
        TypeKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        TypeKind.Bool => "boolean",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamp",
        TypeKind.List => $"array<{Ddl(type.Element!)}>",
        TypeKind.Record => "struct<" + string.Join(",", (type.Fields.IsDefault ? [] : type.Fields).Select(f => SparkNames.Column(f.Name) + ":" + Ddl(f.Type))) + ">",
        _ => throw new NotSupportedException($"type {type} has no Spark column type"),
    };

    /// <summary>Whether a value of this type can be a column at all (null and duration literals cannot).</summary>
    public static bool IsColumnType(PulseType type) => type.Kind is not (TypeKind.Null or TypeKind.Error or TypeKind.Duration);
}
