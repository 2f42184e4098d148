namespace Pulse.Cli.Commands;

/// <summary>Exit codes of every command: 0 clean, 1 the spec or the run failed, 2 usage or I/O error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    /// <summary>A bug in pulse itself (an exception nobody expected).</summary>
    public const int Internal = 70;
}
