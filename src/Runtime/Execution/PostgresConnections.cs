using Npgsql;

namespace Pulse.Runtime.Execution;

/// <summary>
/// Builds an Npgsql connection string from a postgres connection: its <c>url</c> (an Npgsql
/// connection string such as <c>Host=...;Database=...</c>, or a <c>postgres://user:pass@host:port/db</c>
/// URI) or the separate <c>host port database user password</c> settings, which override the url's parts.
/// </summary>
public static class PostgresConnections
{
    public static string ConnectionString(ResolvedConnection connection)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        if (connection.Get("url") is { } url)
        {
            if (url.Contains("://", StringComparison.Ordinal)) FromUri(builder, new Uri(url));
            else builder.ConnectionString = url;
        }
        if (connection.Get("host") is { } host) builder.Host = host;
        if (connection.Get("port") is { } port) builder.Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        if (connection.Get("database") is { } database) builder.Database = database;
        if (connection.Get("user") is { } user) builder.Username = user;
        if (connection.Get("password") is { } password) builder.Password = password;
        if (string.IsNullOrEmpty(builder.Host))
            throw new PulseRunException(RunError.At(connection.Origin, RuntimeCodes.SettingUnresolved,
                $"connection {connection.Name} has no host", "set url = env(\"...\") or host = ..."));
        return builder.ConnectionString;
    }

    private static void FromUri(NpgsqlConnectionStringBuilder builder, Uri uri)
    {
        builder.Host = uri.Host;
        if (uri.Port > 0) builder.Port = uri.Port;
        var database = uri.AbsolutePath.TrimStart('/');
        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
    }

    public static PulseRunException Failure(ResolvedConnection connection, string what, Exception e) =>
        new(RunError.At(connection.Origin, RuntimeCodes.PostgresFailed, $"{what}: {e.Message.Split('\n')[0]}",
            "check that the server is reachable and the connection settings are right"), e);
}
