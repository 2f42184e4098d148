using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Expressions;

/// <summary>The CLR value of an IR constant (see <see cref="LiteralExpr"/> for the text forms).</summary>
public static class Literals
{
    public static object? Value(LiteralExpr literal) => literal.Value is null ? null : Value(literal.Type, literal.Value);

    public static object Value(PulseType type, string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        return type.Kind switch
        {
            TypeKind.String or TypeKind.Json => text,
            TypeKind.Int => int.Parse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            TypeKind.Long => long.Parse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            TypeKind.Double => double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture),
            TypeKind.Decimal => DecimalMath.Fit(decimal.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture), type.Precision, type.Scale),
            TypeKind.Bool => text switch
            {
                "true" => true,
                "false" => false,
                _ => throw new FormatException($"'{text}' is not a bool literal"),
            },
            TypeKind.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TypeKind.Timestamp => IsoTime.TryParseTimestamp(text, out var t) ? t
                : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).UtcDateTime,
            TypeKind.Duration => TimeSpan.FromMilliseconds(long.Parse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"no constant of type {type}"),
        };
    }
}
