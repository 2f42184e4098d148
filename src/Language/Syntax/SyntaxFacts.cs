using System.Globalization;
using System.Reflection;
using System.Text;
using Pulse.Language.Lexing;
using Superpower.Display;

namespace Pulse.Language.Syntax;

/// <summary>Facts about the language's words and literals that every stage needs.</summary>
public static class SyntaxFacts
{
    private static readonly Dictionary<string, TokenKind> ReservedWords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.AndKeyword, ["or"] = TokenKind.OrKeyword, ["not"] = TokenKind.NotKeyword,
        ["is"] = TokenKind.IsKeyword, ["null"] = TokenKind.NullKeyword, ["in"] = TokenKind.InKeyword,
        ["between"] = TokenKind.BetweenKeyword, ["case"] = TokenKind.CaseKeyword, ["when"] = TokenKind.WhenKeyword,
        ["then"] = TokenKind.ThenKeyword, ["else"] = TokenKind.ElseKeyword, ["end"] = TokenKind.EndKeyword,
        ["true"] = TokenKind.TrueKeyword, ["false"] = TokenKind.FalseKeyword,
    };

    /// <summary>The words that start a top-level declaration (all contextual: they are identifiers).</summary>
    public static readonly IReadOnlyList<string> DeclarationKeywords =
        ["import", "pipeline", "connection", "environment", "source", "batch", "speed", "serving", "sink", "schedule", "deploy", "test"];

    public static readonly IReadOnlyList<string> ConnectionKinds = ["postgres", "elasticsearch", "kafka", "http"];
    public static readonly IReadOnlyList<string> SourceFormats = ["csv", "json", "ndjson", "parquet", "http", "postgres", "elasticsearch", "kafka"];
    public static readonly IReadOnlyList<string> SinkKinds = ["postgres", "elasticsearch", "delta", "parquet", "kafka"];
    public static readonly IReadOnlyList<string> BaseTypeNames = ["string", "int", "long", "double", "bool", "date", "timestamp", "json", "decimal", "list", "record"];
    public static readonly IReadOnlyList<string> ExpectationActions = ["drop", "quarantine", "fail", "warn"];
    public static readonly IReadOnlyList<string> LatePolicies = ["drop", "quarantine", "batch"];
    public static readonly IReadOnlyList<string> DurationUnits = ["ms", "s", "m", "h", "d", "w"];

    public static bool IsReservedWord(string text) => ReservedWords.ContainsKey(text);

    public static TokenKind? GetReservedKeywordKind(string text) => ReservedWords.TryGetValue(text, out var kind) ? kind : null;

    private static readonly Dictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> ReservedWordsBySpan = ReservedWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary><see cref="GetReservedKeywordKind(string)"/> without making a string of the word (the tokenizer's hot path).</summary>
    internal static TokenKind? GetReservedKeywordKind(ReadOnlySpan<char> text) => ReservedWordsBySpan.TryGetValue(text, out var kind) ? kind : null;

    public static bool IsReservedKeyword(TokenKind kind) => kind is >= TokenKind.AndKeyword and <= TokenKind.FalseKeyword;

    /// <summary>True for the kinds that can name something: identifiers and quoted identifiers.</summary>
    public static bool IsName(TokenKind kind) => kind is TokenKind.Identifier or TokenKind.QuotedIdentifier;

    /// <summary>How messages show a token kind: <c>`}`</c>, <c>`and`</c>, <c>name</c>, <c>end of file</c>.</summary>
    public static string Describe(TokenKind kind)
    {
        var attribute = typeof(TokenKind).GetField(kind.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<TokenAttribute>();
        if (attribute?.Description is { } description) return description;
        if (attribute?.Example is { } example && kind != TokenKind.Error) return $"`{example}`";
        return kind.ToString();
    }

    /// <summary>True when a name can be written bare; otherwise it needs backticks.</summary>
    public static bool IsValidBareIdentifier(string name)
    {
        if (name.Length == 0 || IsReservedWord(name)) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(name, i);
            var ok = name[i] == '_' || IsLetterCategory(category) || (i > 0 && category == UnicodeCategory.DecimalDigitNumber);
            if (!ok) return false;
            if (char.IsHighSurrogate(name[i])) i++;
        }
        return true;
    }

    /// <summary>Writes a name as source text: bare when possible, otherwise in backticks with backticks doubled.</summary>
    public static string QuoteIdentifierIfNeeded(string name) =>
        IsValidBareIdentifier(name) ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    internal static bool IsLetterCategory(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    internal static string GetValueText(TokenKind kind, string text) => kind switch
    {
        TokenKind.QuotedIdentifier => UnquoteIdentifier(text),
        TokenKind.String => UnescapeString(text),
        _ => text,
    };

    private static string UnquoteIdentifier(string text)
    {
        var inner = text.Length >= 2 && text[^1] == '`' ? text[1..^1] : text.Length > 0 ? text[1..] : text;
        return inner.Replace("``", "`", StringComparison.Ordinal);
    }

    /// <summary>Resolves <c>\" \\ \n \t \r \uXXXX</c>; anything else after a backslash is kept as written.</summary>
    public static string UnescapeString(string text)
    {
        var end = text.Length >= 2 && text[^1] == '"' && !EndsWithEscapedQuote(text) ? text.Length - 1 : text.Length;
        var builder = new StringBuilder(end);
        for (var i = 1; i < end; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= end) { builder.Append(c); continue; }
            var next = text[i + 1];
            switch (next)
            {
                case '"': builder.Append('"'); i++; break;
                case '\\': builder.Append('\\'); i++; break;
                case 'n': builder.Append('\n'); i++; break;
                case 't': builder.Append('\t'); i++; break;
                case 'r': builder.Append('\r'); i++; break;
                case 'u':
                    if (i + 6 <= end && IsHex(text.AsSpan(i + 2, 4)))
                    {
                        builder.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 5;
                    }
                    else builder.Append(c);
                    break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    private static bool EndsWithEscapedQuote(string text)
    {
        // "abc\" is unterminated: the final quote is escaped when preceded by an odd run of backslashes.
        var backslashes = 0;
        for (var i = text.Length - 2; i >= 1 && text[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    private static bool IsHex(ReadOnlySpan<char> span)
    {
        if (span.Length != 4) return false;
        foreach (var c in span) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>The value of an integer literal (<c>1_000</c> → 1000); false when it does not fit a long.</summary>
    public static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The value of a number literal (<c>2.5E-3</c>), exactly as a decimal when it fits.</summary>
    public static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    /// <summary>The value of a duration literal: <c>500ms 30s 10m 2h 7d 2w</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var unitStart = 0;
        while (unitStart < text.Length && (char.IsAsciiDigit(text[unitStart]) || text[unitStart] == '_')) unitStart++;
        if (unitStart == 0 || !TryParseInteger(text[..unitStart], out var amount)) return false;
        var unit = text[unitStart..];
        try
        {
            value = unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                "w" => TimeSpan.FromDays(amount * 7),
                _ => TimeSpan.MinValue,
            };
        }
        catch (OverflowException) { return false; }
        catch (ArgumentOutOfRangeException) { return false; }
        return value != TimeSpan.MinValue;
    }

    /// <summary>The value of a percent literal as a fraction of 100: <c>99.5%</c> → 99.5.</summary>
    public static bool TryParsePercent(string text, out decimal value)
    {
        value = default;
        return text.EndsWith('%') && TryParseDecimal(text[..^1], out value);
    }
}
