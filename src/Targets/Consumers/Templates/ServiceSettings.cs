using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;

namespace Pulse.Consumer;

/// <summary>
/// appsettings.json, read once at start. Connection settings are references, never values: each is
/// <c>{"value": "..."}</c> (a literal from the spec), <c>{"env": "NAME"}</c> (an environment variable) or
/// <c>{"secret": "name"}</c> (read from the environment variable <c>PULSE_SECRET_NAME</c>, as <c>pulse run</c>
/// reads secrets), so no password ever sits in the file or the image.
/// </summary>
public sealed class ServiceSettings
{
    private readonly JsonElement root;

    private ServiceSettings(JsonElement root) => this.root = root;

    public static ServiceSettings Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ServiceSettings(document.RootElement.Clone());
    }

    public string Text(string section, string name) =>
        root.GetProperty(section).GetProperty(name).GetString() ?? throw new InvalidDataException($"appsettings.json: {section}.{name} is empty");

    public string? OptionalText(string section, string name) =>
        root.TryGetProperty(section, out var s) && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public int Number(string section, string name, string overrideVariable)
    {
        if (Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } text) return int.Parse(text, CultureInfo.InvariantCulture);
        return root.GetProperty(section).GetProperty(name).GetInt32();
    }

    public TimeSpan Duration(string section, string name, TimeSpan fallback) =>
        OptionalText(section, name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> List(string section, string name) =>
        root.GetProperty(section).TryGetProperty(name, out var list) ? [.. list.EnumerateArray().Select(e => e.GetString() ?? "")] : [];

    public bool Has(string section) => root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object;

    /// <summary>The resolved value of a connection setting, or null when the spec does not set it.</summary>
    public string? Setting(string section, string name)
    {
        if (!root.GetProperty(section).GetProperty("settings").TryGetProperty(name, out var reference)) return null;
        if (reference.TryGetProperty("value", out var literal)) return literal.GetString();
        if (reference.TryGetProperty("env", out var env))
        {
            var variable = env.GetString() ?? "";
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
                : throw new SettingMissingException($"{section} setting {name}: the environment variable {variable} is not set");
        }
        if (reference.TryGetProperty("secret", out var secret))
        {
            var variable = SecretVariable(secret.GetString() ?? "");
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
                : throw new SettingMissingException($"{section} setting {name}: the secret {secret.GetString()} is not available (set {variable} from your secret manager)");
        }
        throw new InvalidDataException($"appsettings.json: {section}.settings.{name} is neither value, env nor secret");
    }

    /// <summary>The environment variable a secret is read from: <c>PULSE_SECRET_</c> + the name in upper case, other characters as '_'.</summary>
    public static string SecretVariable(string name) =>
        "PULSE_SECRET_" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')]);

    /// <summary>The Npgsql connection string, from <c>url</c> (a URL or a connection string) and/or host, port, database, user, password.</summary>
    public string PostgresConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder();
        if (Setting("postgres", "url") is { } url)
        {
            if (url.Contains("://", StringComparison.Ordinal))
            {
                var uri = new Uri(url);
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
            else builder.ConnectionString = url;
        }
        if (Setting("postgres", "host") is { } host) builder.Host = host;
        if (Setting("postgres", "port") is { } port) builder.Port = int.Parse(port, CultureInfo.InvariantCulture);
        if (Setting("postgres", "database") is { } db) builder.Database = db;
        if (Setting("postgres", "user") is { } user) builder.Username = user;
        if (Setting("postgres", "password") is { } password) builder.Password = password;
        builder.Timezone = "UTC";
        if (string.IsNullOrEmpty(builder.Host)) throw new SettingMissingException("postgres: the connection has no host (set url or host)");
        return builder.ConnectionString;
    }

    /// <summary>Brokers and security settings of the kafka connection, as <c>pulse run</c> applies them.</summary>
    public void ApplyKafka(ClientConfig config)
    {
        config.BootstrapServers = Setting("kafka", "brokers") ?? throw new SettingMissingException("kafka: the connection has no brokers");
        if (Setting("kafka", "security_protocol") is { } protocol)
            config.SecurityProtocol = Enum.Parse<SecurityProtocol>(protocol.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        if (Setting("kafka", "sasl_mechanism") is { } mechanism)
            config.SaslMechanism = Enum.Parse<SaslMechanism>(mechanism.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
        if (Setting("kafka", "sasl_username") is { } user) config.SaslUsername = user;
        if (Setting("kafka", "sasl_password") is { } password)
        {
            config.SaslPassword = password;
            config.SecurityProtocol ??= SecurityProtocol.SaslSsl;
            config.SaslMechanism ??= SaslMechanism.Plain;
        }
    }
}

/// <summary>A setting the service needs is not available (an unset environment variable or secret).</summary>
public sealed class SettingMissingException(string message) : Exception(message);
