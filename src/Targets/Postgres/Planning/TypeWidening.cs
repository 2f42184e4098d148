using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>
/// Whether changing a column from one PostgreSQL type to another keeps every existing value exactly
/// (a widening, safe) or may fail or lose data (destructive). Types are <c>format_type()</c> spellings.
/// </summary>
public static partial class TypeWidening
{
    /// <summary>Integer digits each integer type needs in a numeric to hold any of its values.</summary>
    private static readonly Dictionary<string, int> IntegerDigits = new(StringComparer.Ordinal)
    {
        ["smallint"] = 5, ["integer"] = 10, ["bigint"] = 19,
    };

    private static readonly Dictionary<string, int> IntegerRank = new(StringComparer.Ordinal)
    {
        ["smallint"] = 1, ["integer"] = 2, ["bigint"] = 3,
    };

    public static bool IsWidening(string from, string to, out string explanation)
    {
        explanation = Explain(from, to, out var widening);
        return widening;
    }

    private static string Explain(string from, string to, out bool widening)
    {
        widening = true;
        if (from == to) return "unchanged";
        if (from.EndsWith("[]", StringComparison.Ordinal) && to.EndsWith("[]", StringComparison.Ordinal))
        {
            var inner = Explain(from[..^2], to[..^2], out widening);
            return $"array elements: {inner}";
        }
        if (IntegerRank.TryGetValue(from, out var a) && IntegerRank.TryGetValue(to, out var b))
        {
            widening = b > a;
            return widening ? $"{to} holds every {from} value" : $"{to} cannot hold every {from} value";
        }
        if (IntegerDigits.TryGetValue(from, out var digits) && Numeric(to) is { } n)
        {
            widening = n.Precision - n.Scale >= digits;
            return widening ? $"{to} holds every {from} value" : $"{to} has {n.Precision - n.Scale} integer digits; {from} needs {digits}";
        }
        if (Numeric(from) is { } f && Numeric(to) is { } t)
        {
            widening = t.Scale >= f.Scale && t.Precision - t.Scale >= f.Precision - f.Scale;
            return widening
                ? $"{to} keeps every digit of {from}"
                : $"{to} has fewer integer or fraction digits than {from}: values would be rounded or rejected";
        }
        if (to == "double precision" && from is "smallint" or "integer" or "real")
            return $"double precision represents every {from} value exactly";
        if (to == "text" && (from.StartsWith("character varying", StringComparison.Ordinal) || from.StartsWith("character(", StringComparison.Ordinal)))
            return "text holds any string";
        widening = false;
        return $"{from} values do not all convert to {to}";
    }

    private static (int Precision, int Scale)? Numeric(string type)
    {
        var match = NumericPattern().Match(type);
        if (!match.Success) return null;
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"^numeric\((\d+)(?:,(\d+))?\)$")]
    private static partial Regex NumericPattern();
}
