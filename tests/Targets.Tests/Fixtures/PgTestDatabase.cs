using Npgsql;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// A fresh database per test (<c>pulse_t_&lt;random&gt;</c>) on the shared test cluster, dropped on
/// dispose, so tests of different engineers and runs never see each other's objects.
/// </summary>
public sealed class PgTestDatabase : IAsyncDisposable
{
    public static string? Url => Environment.GetEnvironmentVariable("PULSE_PG_URL") is { Length: > 0 } url ? url : null;
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public string Name { get; }
    public string ConnectionString { get; }
    private readonly string adminConnectionString;

    private PgTestDatabase(string name, string admin, string connectionString)
    {
        Name = name;
        adminConnectionString = admin;
        ConnectionString = connectionString;
    }

    public static async Task<PgTestDatabase> CreateAsync()
    {
        var url = Url ?? throw new InvalidOperationException(
            "PULSE_PG_URL is not set and CI=true: PostgreSQL integration tests must run in CI. Start it with eval \"$(scripts/postgres-start.sh)\".");
        var name = "pulse_t_" + Guid.NewGuid().ToString("N")[..16];
        var admin = new NpgsqlConnectionStringBuilder(url) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var own = new NpgsqlConnectionStringBuilder(url) { Database = name, Pooling = false }.ConnectionString;
        return new PgTestDatabase(name, admin, own);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs a script (many statements, as psql would) on this database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
