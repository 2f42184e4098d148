using System.Globalization;
using System.Text.Json;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// Conversions between Pulse types with the semantics of the batch layer's DuckDB SQL (each rule was
/// measured against DuckDB; the parity tests keep them honest):
/// <list type="bullet">
/// <item><see cref="TryCast"/> is <c>cast(x as T)</c>, i.e. DuckDB's TRY_CAST: null when the value does
/// not convert. Text to integer accepts decimals and exponents and rounds (<c>"1.5"</c> is 2), doubles
/// round half to even into integers, decimals half away from zero.</item>
/// <item><see cref="FromText"/> is how a text value becomes a field (CSV columns, the <c>cast</c> clean
/// step from string): integers must be plain digits, bools are true/false/1/0 in any case, the rest
/// as <see cref="TryCast"/>. Null means "does not convert", which makes the row malformed.</item>
/// <item><see cref="ToText"/> writes values the way DuckDB casts them to VARCHAR.</item>
/// </list>
/// </summary>
public static class ValueCasts
{
    public static object? TryCast(object? value, PulseType from, PulseType to, DateTimePattern? format = null)
    {
        if (value is null) return null;
        try
        {
            if (value is string text && format is not null && to.IsTemporal)
                return to.Kind == TypeKind.Date
                    ? format.TryParseDate(text, out var d) ? d : null
                    : format.TryParse(text, out var t) ? t : null;
            return to.Kind switch
            {
                TypeKind.String => ToText(value, from),
                TypeKind.Json => value is string json && from.Kind != TypeKind.String ? json : IsJson(value as string) ? value : null,
                TypeKind.List or TypeKind.Record => value is string nested && IsJson(nested) ? nested : null,
                TypeKind.Int => ToInteger(value, int.MinValue, int.MaxValue) is { } i ? (int)i : null,
                TypeKind.Long => ToInteger(value, long.MinValue, long.MaxValue),
                TypeKind.Double => ToDouble(value),
                TypeKind.Decimal => ToDecimal(value, to.Precision, to.Scale),
                TypeKind.Bool => ToBool(value),
                TypeKind.Date => value switch
                {
                    DateOnly date => date,
                    DateTime time => DateOnly.FromDateTime(time),
                    string s => IsoTime.TryParseDate(s, out var date) ? date : null,
                    _ => null,
                },
                TypeKind.Timestamp => value switch
                {
                    DateTime time => time,
                    DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    string s => IsoTime.TryParseTimestamp(s, out var time) ? time : null,
                    _ => null,
                },
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>A text value as a field of type <paramref name="to"/>; null when it does not convert.</summary>
    public static object? FromText(string text, PulseType to)
    {
        switch (to.Kind)
        {
            case TypeKind.String:
                return text;
            case TypeKind.Int or TypeKind.Long:
                var trimmed = text.AsSpan().Trim();
                if (trimmed.Length == 0) return null;
                var digits = trimmed[0] is '+' or '-' ? trimmed[1..] : trimmed;
                if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9')) return null;
                if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return null;
                if (to.Kind == TypeKind.Long) return number;
                return number is >= int.MinValue and <= int.MaxValue ? (int)number : null;
            case TypeKind.Bool:
                var word = text.AsSpan().Trim();
                if (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.SequenceEqual("1")) return true;
                if (word.Equals("false", StringComparison.OrdinalIgnoreCase) || word.SequenceEqual("0")) return false;
                return null;
            case TypeKind.Json or TypeKind.List or TypeKind.Record:
                return IsJson(text) ? text : null;
            default:
                return TryCast(text.Trim(), PulseType.String, to);
        }
    }

    public static string ToText(object value, PulseType from) => value switch
    {
        string text => text,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        decimal m => m.ToString("F" + Math.Clamp(from.Kind == TypeKind.Decimal ? from.Scale : m.Scale, 0, DecimalMath.MaxScale), CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Shortest round-trip text, as DuckDB prints doubles: <c>0.1</c>, <c>1.0</c>, <c>1e+20</c>.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            var exponent = text[(e + 1)..];
            var sign = exponent.StartsWith('-') ? "-" : "+";
            var magnitude = exponent.TrimStart('+', '-').PadLeft(2, '0');
            return text[..e] + "e" + sign + magnitude;
        }
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static long? ToInteger(object value, long min, long max)
    {
        long? result = value switch
        {
            int i => i,
            long l => l,
            bool b => b ? 1 : 0,
            decimal m => Math.Abs(m) < 9.3e18m ? (long)decimal.Round(m, 0, MidpointRounding.AwayFromZero) : null,
            double d => double.IsFinite(d) && Math.Abs(d) < 9.2e18 ? (long)Math.Round(d, MidpointRounding.ToEven) : null,
            string s => ParseInteger(s),
            _ => null,
        };
        return result is { } r && r >= min && r <= max ? r : null;
    }

    private static long? ParseInteger(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) < 9.3e18m)
            return (long)decimal.Round(number, 0, MidpointRounding.AwayFromZero);
        return null;
    }

    private static double? ToDouble(object value) => value switch
    {
        double d => d,
        int i => i,
        long l => l,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        string s => ParseDouble(s),
        _ => null,
    };

    public static double? ParseDouble(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        var lower = trimmed.ToString().ToLowerInvariant();
        return lower switch
        {
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" => double.NaN,
            _ => null,
        };
    }

    private static decimal? ToDecimal(object value, int precision, int scale) => value switch
    {
        decimal m => DecimalMath.Fit(m, precision, scale),
        int i => DecimalMath.Fit(i, precision, scale),
        long l => DecimalMath.Fit(l, precision, scale),
        double d => DecimalMath.FromDouble(d, precision, scale),
        bool b => DecimalMath.Fit(b ? 1 : 0, precision, scale),
        string s => decimal.TryParse(s.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? DecimalMath.Fit(parsed, precision, scale) : null,
        _ => null,
    };

    private static bool? ToBool(object value) => value switch
    {
        bool b => b,
        int i => i != 0,
        long l => l != 0,
        double d => d != 0,
        decimal m => m != 0,
        string s => s.ToLowerInvariant() switch
        {
            "true" or "t" or "yes" or "y" or "1" => true,
            "false" or "f" or "no" or "n" or "0" => false,
            _ => null,
        },
        _ => null,
    };

    private static bool IsJson(string? text)
    {
        if (text is null) return false;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
