using System.Security.Cryptography;
using System.Text;

namespace Pulse.Targets.Postgres.Sql;

/// <summary>
/// Names Pulse derives (constraints, indexes, roles, companion tables). They must fit PostgreSQL's 63
/// bytes, and two different long names must not collide after truncation, so a long name keeps a
/// prefix and ends with a hash of the whole name.
/// </summary>
public static class PgNames
{
    public static string Fit(string name)
    {
        if (PgQuote.ByteLength(name) <= PgQuote.MaxIdentifierBytes) return name;
        var hash = Hash8(name);
        var budget = PgQuote.MaxIdentifierBytes - 1 - hash.Length;
        var prefix = new StringBuilder();
        var used = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (used + size > budget) break;
            prefix.Append(rune.ToString());
            used += size;
        }
        return prefix + "_" + hash;
    }

    public static string Hash8(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    public static string PrimaryKey(string table) => Fit($"pk_{table}");

    public static string Index(string table, IEnumerable<string> columns) => Fit($"ix_{table}_{string.Join("_", columns)}");

    /// <summary>The expression's hash is part of the name, so a changed rule is a new constraint (drop + add in a migration).</summary>
    public static string Check(string table, string expectation, string sql) => Fit($"ck_{table}_{expectation}_{Hash8(sql)}");

    public static string WriterRole(string pipeline) => Fit($"{pipeline}_writer");

    public static string ReaderRole(string pipeline) => Fit($"{pipeline}_reader");
}
