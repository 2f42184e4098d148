namespace Pulse.Runtime.Execution;

/// <summary>Resolves <c>secret("name")</c> references at run time. Returns null when the secret is unknown.</summary>
public interface ISecretProvider
{
    string? GetSecret(string name);
}

/// <summary>
/// The local secret manager: <c>secret("warehouse-password")</c> reads the environment variable
/// <c>PULSE_SECRET_WAREHOUSE_PASSWORD</c> (upper case, every non-alphanumeric character as <c>_</c>).
/// </summary>
public sealed class EnvironmentSecretProvider : ISecretProvider
{
    public static string VariableFor(string name) =>
        "PULSE_SECRET_" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    public string? GetSecret(string name) => Environment.GetEnvironmentVariable(VariableFor(name));
}
