using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// How each Pulse type is stored in DuckDB. <c>timestamp</c> is a plain TIMESTAMP holding UTC (the
/// runtime's connections run with TimeZone=UTC), so no value ever depends on the machine's zone.
/// Nullability is not part of a DuckDB column type; the cleaning layer enforces it.
/// </summary>
public static class DuckDbTypes
{
    public static string Name(PulseType type) => type.Kind switch
    {
        TypeKind.String => "VARCHAR",
        TypeKind.Int => "INTEGER",
        TypeKind.Long => "BIGINT",
        TypeKind.Double => "DOUBLE",
        TypeKind.Decimal => $"DECIMAL({type.Precision}, {type.Scale})",
        TypeKind.Bool => "BOOLEAN",
        TypeKind.Date => "DATE",
        TypeKind.Timestamp => "TIMESTAMP",
        TypeKind.Json => "JSON",
        TypeKind.Duration => "INTERVAL",
        TypeKind.List => Name(type.Element ?? throw new ArgumentException("list type without element type")) + "[]",
        TypeKind.Record => "STRUCT(" + string.Join(", ", (type.Fields.IsDefault ? [] : type.Fields).Select(f => SqlText.Identifier(f.Name) + " " + Name(f.Type))) + ")",
        // The untyped null literal: any type accepts it.
        TypeKind.Null => "VARCHAR",
        _ => throw new NotSupportedException($"type {type} has no DuckDB storage"),
    };

    /// <summary>Scalar types DuckDB can order, group and compare without surprises (used for deterministic tie-breaks).</summary>
    public static bool IsOrderable(PulseType type) =>
        type.Kind is TypeKind.String or TypeKind.Int or TypeKind.Long or TypeKind.Double or TypeKind.Decimal
            or TypeKind.Bool or TypeKind.Date or TypeKind.Timestamp;
}
