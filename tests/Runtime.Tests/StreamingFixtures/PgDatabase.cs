using Npgsql;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>
/// A fresh PostgreSQL database per test (<c>pulse_speed_&lt;random&gt;</c>) on the shared test server
/// (PULSE_PG_URL), dropped afterwards, so runs of different engineers never see each other's tables.
/// </summary>
public sealed class PgDatabase : IAsyncDisposable
{
    private readonly string admin;

    private PgDatabase(string name, string admin, string connectionString)
    {
        Name = name;
        this.admin = admin;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<PgDatabase> CreateAsync()
    {
        var name = "pulse_speed_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(Pg.Url) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new PgDatabase(name, admin, new NpgsqlConnectionStringBuilder(Pg.Url) { Database = name, Pooling = false, Timezone = "UTC" }.ConnectionString);
    }

    /// <summary>Rows as "a|b|c" text (see <see cref="RowText"/>).</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(RowText.Of([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        return rows;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The sum of next offsets stored for a group (0 before the bookkeeping tables exist).</summary>
    public async Task<long> OffsetsAsync(string group)
    {
        try { return await ScalarAsync($"SELECT coalesce(sum(next_offset), 0) FROM pulse_speed.pulse_offsets WHERE consumer_group = '{group}'"); }
        catch (PostgresException e) when (e.SqlState is "42P01" or "3F000") { return 0; }
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
