using NpgsqlTypes;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sinks;

/// <summary>How IR types are stored in PostgreSQL (timestamps as timestamptz; json, lists and records as jsonb).</summary>
public static class PostgresTypes
{
    public static string Name(PulseType type) => type.Kind switch
    {
        TypeKind.String => "text",
        TypeKind.Int => "integer",
        TypeKind.Long => "bigint",
        TypeKind.Double => "double precision",
        TypeKind.Decimal => $"numeric({type.Precision}, {type.Scale})",
        TypeKind.Bool => "boolean",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamptz",
        TypeKind.Json or TypeKind.List or TypeKind.Record => "jsonb",
        _ => throw new NotSupportedException($"type {type} has no PostgreSQL column type"),
    };

    public static NpgsqlDbType Copy(PulseType type) => type.Kind switch
    {
        TypeKind.String => NpgsqlDbType.Text,
        TypeKind.Int => NpgsqlDbType.Integer,
        TypeKind.Long => NpgsqlDbType.Bigint,
        TypeKind.Double => NpgsqlDbType.Double,
        TypeKind.Decimal => NpgsqlDbType.Numeric,
        TypeKind.Bool => NpgsqlDbType.Boolean,
        TypeKind.Date => NpgsqlDbType.Date,
        TypeKind.Timestamp => NpgsqlDbType.TimestampTz,
        _ => NpgsqlDbType.Jsonb,
    };

    public static bool IsJson(PulseType type) => type.Kind is TypeKind.Json or TypeKind.List or TypeKind.Record;
}
