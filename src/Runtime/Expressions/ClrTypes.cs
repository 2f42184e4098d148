using Pulse.Compiler.Types;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// How the speed layer holds a value of each Pulse type in a row (<c>object?[]</c>): string, int, long,
/// double, decimal, bool, DateOnly, DateTime (UTC), TimeSpan (durations, expressions only), and JSON
/// text for json, list and record values. Null is null. Compiled expressions work on the nullable form
/// (<c>int?</c>, <c>decimal?</c>, ...) so that null propagation is a type-level fact.
/// </summary>
public static class ClrTypes
{
    /// <summary>The nullable CLR type compiled expressions use for <paramref name="type"/>.</summary>
    public static Type Of(PulseType type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record => typeof(string),
        TypeKind.Int => typeof(int?),
        TypeKind.Long => typeof(long?),
        TypeKind.Double => typeof(double?),
        TypeKind.Decimal => typeof(decimal?),
        TypeKind.Bool => typeof(bool?),
        TypeKind.Date => typeof(DateOnly?),
        TypeKind.Timestamp => typeof(DateTime?),
        TypeKind.Duration => typeof(TimeSpan?),
        TypeKind.Null => typeof(object),
        _ => throw new NotSupportedException($"the speed layer has no value representation for type {type}"),
    };

    /// <summary>True when <paramref name="value"/> is what a row holds for a non-null value of <paramref name="type"/>.</summary>
    public static bool Holds(PulseType type, object value) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record => value is string,
        TypeKind.Int => value is int,
        TypeKind.Long => value is long,
        TypeKind.Double => value is double,
        TypeKind.Decimal => value is decimal,
        TypeKind.Bool => value is bool,
        TypeKind.Date => value is DateOnly,
        TypeKind.Timestamp => value is DateTime,
        TypeKind.Duration => value is TimeSpan,
        _ => false,
    };
}
