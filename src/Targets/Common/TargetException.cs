using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common;

/// <summary>
/// A spec that the checker accepted but a target cannot express (e.g. a name longer than the
/// target allows). Carries a PULSE4xxx code, the spec location and a hint, so the CLI can print it
/// like any other diagnostic instead of a stack trace.
/// </summary>
public sealed class TargetException(string code, Origin origin, string message, string hint) : Exception(message)
{
    public string Code { get; } = code;
    public Origin Origin { get; } = origin;
    public string Hint { get; } = hint;

    public override string ToString() => $"{Origin}: error {Code}: {Message} (hint: {Hint})";
}
