namespace Pulse.Compiler.Ir;

/// <summary>
/// Where an IR element came from in the spec: file, 1-based line and column, and the character span.
/// Every backend error and every generated artifact comment can point back to the spec through it.
/// </summary>
public sealed record Origin(string File, int Line, int Column, int Start, int Length)
{
    public static readonly Origin None = new("", 0, 0, 0, 0);
    public override string ToString() => $"{File}({Line},{Column})";
}
