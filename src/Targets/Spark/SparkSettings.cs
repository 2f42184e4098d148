using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>
/// A connection setting as generated code reads it: literals inline, <c>env("X")</c> from the
/// environment variable X, <c>secret("name")</c> from <c>PULSE_SECRET_NAME</c> (the deploy tool
/// fills it from the secret manager). A secret's value is never written into the job.
/// </summary>
public static class SparkSettings
{
    public static ExpressionSyntax Read(SparkConnection? connection, string key) =>
        connection?.Setting(key) is { } value ? Read(value) : Null();

    public static ExpressionSyntax Read(SettingValue value) => value switch
    {
        LiteralSetting literal => String(literal.Value),
        EnvSetting env => Call("PulseContext", "RequireEnv", String(env.Variable)),
        SecretSetting secret => Call("PulseContext", "RequireEnv", String(SparkNames.SecretVariable(secret.Name))),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    public static ExpressionSyntax Jdbc(SparkConnection? connection) =>
        Call("PulseJdbc", "Connect", Read(connection, "url"), Read(connection, "host"), Read(connection, "port"),
            Read(connection, "database"), Read(connection, "user"), Read(connection, "password"));

    public static ExpressionSyntax Kafka(SparkConnection? connection) =>
        Call("PulseKafka", "Options", Read(connection, "brokers"), Read(connection, "sasl_username"), Read(connection, "sasl_password"));

    public static ExpressionSyntax Elasticsearch(SparkConnection? connection) =>
        Call("PulseElasticsearch", "Options", Read(connection, "url"), Read(connection, "api_key"));
}
