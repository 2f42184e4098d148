using Confluent.Kafka;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Streaming.Kafka;

/// <summary>
/// Client settings for a kafka connection: <c>brokers</c> (bootstrap servers) and, when present,
/// <c>security_protocol</c>, <c>sasl_mechanism</c>, <c>sasl_username</c>, <c>sasl_password</c>
/// (references resolved at run time, never logged).
/// </summary>
public static class KafkaSettings
{
    public static void Apply(ClientConfig config, ResolvedConnection connection)
    {
        config.BootstrapServers = connection.Require("brokers");
        if (connection.Get("security_protocol") is { } protocol)
            config.SecurityProtocol = Enum.Parse<SecurityProtocol>(protocol.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        if (connection.Get("sasl_mechanism") is { } mechanism)
            config.SaslMechanism = Enum.Parse<SaslMechanism>(mechanism.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
        if (connection.Get("sasl_username") is { } user) config.SaslUsername = user;
        if (connection.Get("sasl_password") is { } password)
        {
            config.SaslPassword = password;
            config.SecurityProtocol ??= SecurityProtocol.SaslSsl;
            config.SaslMechanism ??= SaslMechanism.Plain;
        }
    }
}
