using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Postgres.Sql;

/// <summary>
/// Quoting for generated SQL. Every identifier is double-quoted (so reserved words, case, spaces and
/// quotes survive) and every literal is an escape-string literal, which means the same whatever
/// <c>standard_conforming_strings</c> is set to.
/// </summary>
public static class PgQuote
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated silently.</summary>
    public const int MaxIdentifierBytes = 63;

    public static string Ident(string name)
    {
        if (name.Contains('\0')) throw TargetErrors.PostgresNulCharacter(Origin.None, $"the identifier '{name.Replace("\0", "\\0")}'");
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Qualified(string schema, string name) => Ident(schema) + "." + Ident(name);

    public static string Literal(string value)
    {
        if (value.Contains('\0')) throw TargetErrors.PostgresNulCharacter(Origin.None, "a text literal");
        var escaped = value.Replace("'", "''", StringComparison.Ordinal);
        if (!escaped.Contains('\\')) return "'" + escaped + "'";
        return "E'" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
    }

    public static int ByteLength(string name) => Encoding.UTF8.GetByteCount(name);

    /// <summary>A user-chosen name must fit as is: truncating it would create a different object than the spec names.</summary>
    public static string RequireFits(string name, Origin origin)
    {
        var bytes = ByteLength(name);
        if (bytes > MaxIdentifierBytes) throw TargetErrors.PostgresNameTooLong(origin, name, bytes);
        return name;
    }
}
