using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Execution;

/// <summary>
/// A problem found while running: a stable code, where in the spec it comes from, what happened and
/// what to do. Rendered like a compiler diagnostic: <c>file(line,col): error PULSE9504: message (hint: ...)</c>.
/// </summary>
public sealed record RunError(string Code, string Message, string? Hint, string File, int Line, int Column)
{
    public static RunError At(Origin? origin, string code, string message, string? hint = null) =>
        new(code, message, hint, origin?.File ?? "", origin?.Line ?? 0, origin?.Column ?? 0);

    public override string ToString()
    {
        var where = File.Length == 0 ? "pulse" : Line > 0 ? $"{File}({Line},{Column})" : File;
        return $"{where}: error {Code}: {Message}" + (Hint is null ? "" : $" (hint: {Hint})");
    }
}

/// <summary>A warning of the run (an expectation over its warn threshold, a degraded sink write, ...).</summary>
public sealed record RunWarning(string Code, string Message, string File, int Line, int Column)
{
    public static RunWarning At(Origin? origin, string code, string message) =>
        new(code, message, origin?.File ?? "", origin?.Line ?? 0, origin?.Column ?? 0);

    public override string ToString() =>
        $"{(File.Length == 0 ? "pulse" : Line > 0 ? $"{File}({Line},{Column})" : File)}: warning {Code}: {Message}";
}

/// <summary>Stops a run with a <see cref="RunError"/>; the runner turns it into a failed <see cref="RunReport"/>, never a stack trace.</summary>
public sealed class PulseRunException(RunError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    public RunError Error { get; } = error;
}
