using System.Reflection;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Infrastructure;

/// <summary>
/// Every diagnostic code the builder can make, found by calling each of its methods with
/// placeholder arguments (every code is one method, so this is the complete list).
/// </summary>
public static class DiagnosticCodes
{
    public sealed record Entry(string Code, string Method, DiagnosticSeverity Severity, string Message);

    public static readonly Lazy<IReadOnlyList<Entry>> All = new(() =>
    {
        var builder = DiagnosticBuilder.For(new SourceText("codes.pulse", "x"), new TextSpan(0, 1));
        var entries = new List<Entry>();
        foreach (var method in typeof(DiagnosticBuilder).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType != typeof(Diagnostic)) continue;
            var arguments = method.GetParameters().Select(p => Placeholder(p.ParameterType)).ToArray();
            var diagnostic = (Diagnostic)method.Invoke(builder, arguments)!;
            entries.Add(new Entry(diagnostic.Code, method.Name, diagnostic.Severity, diagnostic.Message));
        }
        return entries.OrderBy(e => e.Code, StringComparer.Ordinal).ToList();
    });

    private static object? Placeholder(Type type) =>
        type == typeof(string) ? "x"
        : type == typeof(int) ? 1
        : type == typeof(long) ? 1L
        : type == typeof(LinePosition) ? new LinePosition(0, 0)
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;
}
