using System.Globalization;
using System.Text;

namespace Pulse.Runtime.Sql;

/// <summary>
/// The only way user text enters generated SQL: identifiers are always double-quoted (a quote inside
/// is doubled) and string literals single-quoted (a quote inside is doubled). DuckDB and PostgreSQL
/// share both rules, so the same helpers serve both.
/// </summary>
public static class SqlText
{
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\0')) throw new ArgumentException("an identifier cannot contain a NUL character", nameof(name));
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Qualified(string schema, string name) => Identifier(schema) + "." + Identifier(name);

    public static string Qualified(string catalog, string schema, string name) => Identifier(catalog) + "." + Qualified(schema, name);

    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // DuckDB strings cannot hold NUL; replacing it keeps the literal valid instead of truncating it.
        return "'" + value.Replace("\0", "\uFFFD", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>A DuckDB list of string literals: <c>['a', 'b']</c>.</summary>
    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

    /// <summary>A JSON path selecting one object key, quoted so that dots, spaces and quotes in the key are literal.</summary>
    public static string JsonKeyPath(string key)
    {
        var path = new StringBuilder("$.\"");
        foreach (var ch in key)
        {
            if (ch is '"' or '\\') path.Append('\\');
            path.Append(ch);
        }
        return String(path.Append('"').ToString());
    }

    public static string Join(IEnumerable<string> parts) => string.Join(", ", parts);
}
