using Npgsql;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>
/// A test that needs PostgreSQL (PULSE_PG_URL). Without the variable it is skipped, except under
/// CI=true, where it runs and fails (<see cref="Pg.Url"/> throws) so a CI without a database is noticed.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PULSE_PG_URL") is null && !Pg.IsCi)
            Skip = "PULSE_PG_URL is not set (eval \"$(scripts/postgres-start.sh)\")";
    }
}

/// <summary>The test PostgreSQL and a private schema per test, so tests never collide on the shared server.</summary>
public static class Pg
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Url => Environment.GetEnvironmentVariable("PULSE_PG_URL")
        ?? throw new InvalidOperationException("CI=true but PULSE_PG_URL is not set: PostgreSQL tests must run in CI");

    public static string UniqueSchema(string hint) => $"pulse_batch_{hint}_{Guid.NewGuid().ToString("N")[..8]}";

    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Url);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static List<string> Rows(string sql)
    {
        using var connection = new NpgsqlConnection(Url);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : StateQuery.Format(reader.GetValue(i)))));
        return rows;
    }

    public static void DropSchema(string schema) => Execute($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
}
