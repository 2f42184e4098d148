using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Pulse.Targets.Consumers;

/// <summary>
/// Values generated code prepares once (regexes, date patterns, the run's <c>now()</c>), as static readonly
/// fields of a <c>Constants</c> class, named by order of first use and shared by equal values.
/// </summary>
internal sealed class ConstantPool
{
    private readonly List<(string Key, string Name, string Type, ExpressionSyntax Value)> fields = [];

    public ExpressionSyntax Regex(string pattern) => Field("regex:" + pattern, "Regex", "System.Text.RegularExpressions.Regex",
        CSharpSyntax.Call("Functions", "BuildRegex", CSharpSyntax.String(pattern)));

    public ExpressionSyntax Pattern(string format) => Field("pattern:" + format, "Pattern", "DateTimePattern",
        CSharpSyntax.New("DateTimePattern", CSharpSyntax.String(format)));

    /// <summary><c>now()</c>: the service's start, one value per process (as <c>pulse run</c> uses the run's start).</summary>
    public ExpressionSyntax Now() => Field("now", "Now", "System.DateTime?", ParseExpression("System.DateTime.UtcNow"));

    private ExpressionSyntax Field(string key, string prefix, string type, ExpressionSyntax value)
    {
        var found = fields.FindIndex(f => f.Key == key);
        if (found < 0)
        {
            fields.Add((key, prefix + fields.Count(f => f.Name.StartsWith(prefix, StringComparison.Ordinal)), type, value));
            found = fields.Count - 1;
        }
        return CSharpSyntax.Dotted("Constants." + fields[found].Name);
    }

    public ClassDeclarationSyntax Declaration() =>
        ClassDeclaration("Constants")
            .AddModifiers(Token(SyntaxKind.InternalKeyword), Token(SyntaxKind.StaticKeyword))
            .AddMembers([.. fields.Select(f => (MemberDeclarationSyntax)FieldDeclaration(
                    VariableDeclaration(ParseTypeName(f.Type)).AddVariables(VariableDeclarator(f.Name).WithInitializer(EqualsValueClause(f.Value))))
                .AddModifiers(Token(SyntaxKind.PublicKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)))]);
}
