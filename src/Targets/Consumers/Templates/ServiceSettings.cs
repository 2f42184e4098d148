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

    /// <summary>The resolved value of a connection setting of a section, or null when the spec does not set it.</summary>
    public string? Setting(string section, string name) => Resolve(root.GetProperty(section).GetProperty("settings"), section, name);

    /// <summary>The elasticsearch and kafka sinks the service writes its rows to, in spec order.</summary>
    public IReadOnlyList<SinkSettings> Sinks() =>
        root.TryGetProperty("sinks", out var sinks) ? [.. sinks.EnumerateArray().Select(s => new SinkSettings(s.Clone()))] : [];

    /// <summary>The speed views over the service's view that it runs too (<c>downstream</c>), each after the view it reads.</summary>
    public IReadOnlyList<DownstreamSettings> Downstream() =>
        root.TryGetProperty("downstream", out var views) ? [.. views.EnumerateArray().Select(v => new DownstreamSettings(v.Clone()))] : [];

    /// <summary>How sink requests are retried: <c>retries.attempts</c> times, waiting <c>retries.baseDelay</c> × 2^attempt (PULSE_SINK_RETRY_BASE_MS overrides the delay).</summary>
    public SinkRetry Retry()
    {
        var attempts = root.TryGetProperty("retries", out var retries) && retries.TryGetProperty("attempts", out var a) ? a.GetInt32() : 5;
        var delay = Environment.GetEnvironmentVariable("PULSE_SINK_RETRY_BASE_MS") is { Length: > 0 } ms
            ? TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture))
            : Duration("retries", "baseDelay", TimeSpan.FromMilliseconds(500));
        return new SinkRetry(attempts, delay);
    }

    /// <summary>A connection setting from a <c>settings</c> object: a literal, an environment variable or a secret; null when absent.</summary>
    public static string? Resolve(JsonElement settings, string section, string name)
    {
        if (!settings.TryGetProperty(name, out var reference)) return null;
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

    /// <summary>Brokers and security settings of the source's kafka connection, as <c>pulse run</c> applies them.</summary>
    public void ApplyKafka(ClientConfig config) => ApplyKafka(config, name => Setting("kafka", name), "kafka");

    /// <summary>Brokers and security settings of a kafka connection (<paramref name="setting"/> resolves its settings).</summary>
    public static void ApplyKafka(ClientConfig config, Func<string, string?> setting, string what)
    {
        config.BootstrapServers = setting("brokers") ?? throw new SettingMissingException($"{what}: the connection has no brokers");
        if (setting("security_protocol") is { } protocol)
            config.SecurityProtocol = Enum.Parse<SecurityProtocol>(protocol.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        if (setting("sasl_mechanism") is { } mechanism)
            config.SaslMechanism = Enum.Parse<SaslMechanism>(mechanism.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
        if (setting("sasl_username") is { } user) config.SaslUsername = user;
        if (setting("sasl_password") is { } password)
        {
            config.SaslPassword = password;
            config.SecurityProtocol ??= SecurityProtocol.SaslSsl;
            config.SaslMechanism ??= SaslMechanism.Plain;
        }
    }
}

/// <summary>One entry of <c>sinks</c> in appsettings.json: an elasticsearch index or a kafka topic the rows go to.</summary>
public sealed class SinkSettings(JsonElement entry)
{
    public string Kind => Text("kind");
    public string Sink => Text("sink");
    public string Text(string name) => entry.GetProperty(name).GetString() ?? throw new InvalidDataException($"appsettings.json: sink {name} is empty");
    public string? OptionalText(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public int Number(string name, int fallback) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : fallback;
    public IReadOnlyList<string> List(string name) =>
        entry.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Select(e => e.GetString() ?? "")] : [];

    /// <summary>A setting of the sink's connection, resolved (literal, environment variable or secret); null when the spec does not set it.</summary>
    public string? Setting(string name) => ServiceSettings.Resolve(entry.GetProperty("settings"), "sink " + Sink, name);
}

/// <summary>One entry of <c>downstream</c> in appsettings.json: a speed view over another view of the service, its table and sinks.</summary>
public sealed class DownstreamSettings(JsonElement entry)
{
    public string View => entry.GetProperty("view").GetString() ?? throw new InvalidDataException("appsettings.json: a downstream view has no name");
    public string Schema => entry.GetProperty("schema").GetString() ?? "pulse_speed";
    /// <summary>The table its rows go to in the service's database; null when they go to its sinks only.</summary>
    public string? Table => entry.TryGetProperty("table", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
    public bool Upsert => entry.GetProperty("mode").GetString() == "upsert";
    public IReadOnlyList<string> Key => [.. entry.GetProperty("key").EnumerateArray().Select(e => e.GetString() ?? "")];
    public IReadOnlyList<SinkSettings> Sinks => [.. entry.GetProperty("sinks").EnumerateArray().Select(s => new SinkSettings(s.Clone()))];
}

/// <summary>Retries of a sink request: <see cref="Attempts"/> more tries, the n-th after <see cref="BaseDelay"/> × 2^n.</summary>
public sealed record SinkRetry(int Attempts, TimeSpan BaseDelay)
{
    public TimeSpan Delay(int attempt) => BaseDelay * Math.Pow(2, attempt);
}

/// <summary>A setting the service needs is not available (an unset environment variable or secret).</summary>
public sealed class SettingMissingException(string message) : Exception(message);
