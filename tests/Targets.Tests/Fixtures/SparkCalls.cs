using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// What a generated job does, read from its syntax tree: every call as <c>Method(literal, literal, ...)</c>, with
/// non-literal arguments as <c>_</c>. Tests assert on these instead of on formatting.
/// </summary>
public static class SparkCalls
{
    public static List<string> Of(string program) => Of(CSharpSyntaxTree.ParseText(program).GetRoot());

    public static List<string> Of(SyntaxNode node) =>
        node.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => (i.Expression switch { MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText, IdentifierNameSyntax n => n.Identifier.ValueText, _ => "?" })
                + "(" + string.Join(", ", i.ArgumentList.Arguments.Select(a => a.Expression is LiteralExpressionSyntax l ? l.Token.Text : "_")) + ")")
            .ToList();
}
