using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Execution;

/// <summary>
/// A connection whose settings are resolved on first use: a literal as written, <c>env("X")</c> from
/// the environment, <c>secret("x")</c> from the <see cref="ISecretProvider"/>. Resolving lazily means a
/// run only needs the variables of the connections it actually touches. Overrides (from
/// <see cref="RunOptions.ConnectionOverrides"/>) replace settings by name and make the connection non-embedded.
/// </summary>
public sealed class ResolvedConnection
{
    private readonly ConnectionIr connection;
    private readonly IReadOnlyDictionary<string, string> overrides;
    private readonly ISecretProvider secrets;

    public ResolvedConnection(ConnectionIr connection, IReadOnlyDictionary<string, string>? overrides, ISecretProvider secrets)
    {
        this.connection = connection;
        this.overrides = overrides ?? new Dictionary<string, string>();
        this.secrets = secrets;
    }

    public string Name => connection.Name;
    public ConnectionKind Kind => connection.Kind;
    public Origin Origin => connection.Origin;
    public bool Embedded => connection.Embedded && overrides.Count == 0;

    public bool Has(string key) => overrides.ContainsKey(key) || connection.Settings.ContainsKey(key);

    /// <summary>The setting's value, or null when the connection does not declare it.</summary>
    public string? Get(string key)
    {
        if (overrides.TryGetValue(key, out var overridden)) return overridden;
        if (!connection.Settings.TryGetValue(key, out var setting)) return null;
        return setting switch
        {
            LiteralSetting literal => literal.Value,
            EnvSetting env => Environment.GetEnvironmentVariable(env.Variable) ?? throw new PulseRunException(RunError.At(connection.Origin,
                RuntimeCodes.SettingUnresolved, $"connection {connection.Name}: environment variable {env.Variable} (setting {key}) is not set",
                $"export {env.Variable}=... before running, or run in an environment that embeds this connection")),
            SecretSetting secret => secrets.GetSecret(secret.Name) ?? throw new PulseRunException(RunError.At(connection.Origin,
                RuntimeCodes.SettingUnresolved, $"connection {connection.Name}: secret \"{secret.Name}\" (setting {key}) is not available",
                $"locally, set {EnvironmentSecretProvider.VariableFor(secret.Name)}")),
            _ => null,
        };
    }

    public string Require(string key) => Get(key) ?? throw new PulseRunException(RunError.At(connection.Origin,
        RuntimeCodes.SettingUnresolved, $"connection {connection.Name} has no setting {key}", $"add {key} = ... to the connection"));
}
