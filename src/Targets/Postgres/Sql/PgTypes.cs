using Pulse.Compiler.Types;

namespace Pulse.Targets.Postgres.Sql;

/// <summary>
/// Pulse types to PostgreSQL types, spelled exactly as <c>format_type()</c> prints them so that the
/// desired schema compares directly with the live catalog.
/// </summary>
public static class PgTypes
{
    public static string Of(PulseType type) => type.Kind switch
    {
        TypeKind.String => "text",
        TypeKind.Int => "integer",
        TypeKind.Long => "bigint",
        TypeKind.Double => "double precision",
        TypeKind.Decimal => $"numeric({type.Precision},{type.Scale})",
        TypeKind.Bool => "boolean",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamp with time zone",
        TypeKind.Json or TypeKind.Record => "jsonb",
        // Arrays of scalars map to native arrays; nested records or lists have no faithful array form.
        TypeKind.List when type.Element is { Kind: not (TypeKind.List or TypeKind.Record or TypeKind.Json) } element => Of(element) + "[]",
        TypeKind.List => "jsonb",
        TypeKind.Duration => "interval",
        _ => throw new ArgumentException($"type {type} has no PostgreSQL column type", nameof(type)),
    };
}
