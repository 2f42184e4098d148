using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Pulse.Targets.Consumers;

/// <summary>Statement and member shapes the consumer's generated classes use (on top of <see cref="CSharpSyntax"/>).</summary>
internal static class SyntaxParts
{
    public static StatementSyntax Increment(ExpressionSyntax target, string member) =>
        ExpressionStatement(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, CSharpSyntax.Member(target, member)));

    public static StatementSyntax AssignTo(ExpressionSyntax target, ExpressionSyntax value) =>
        ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target, value));

    public static StatementSyntax Return(ExpressionSyntax value) => ReturnStatement(value);

    public static StatementSyntax If(ExpressionSyntax condition, params StatementSyntax[] then) => IfStatement(condition, Block(then));

    public static ExpressionSyntax Not(ExpressionSyntax value) => PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, ParenthesizedExpression(value));

    public static ExpressionSyntax Verdict(string action, ExpressionSyntax rule, ExpressionSyntax reason) =>
        CSharpSyntax.New("CleanVerdict", CSharpSyntax.Dotted("CleanAction." + action), rule, reason);

    public static SyntaxTokenList Modifiers(params SyntaxKind[] kinds) => TokenList(kinds.Select(Token));

    /// <summary><c>public override T Name => value;</c></summary>
    public static MemberDeclarationSyntax OverrideProperty(string type, string name, ExpressionSyntax value) =>
        PropertyDeclaration(ParseTypeName(type), name)
            .WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.OverrideKeyword))
            .WithExpressionBody(ArrowExpressionClause(value)).WithSemicolonToken(Token(SyntaxKind.SemicolonToken));

    public static MethodDeclarationSyntax OverrideMethod(string returnType, string name, string parameters, IEnumerable<StatementSyntax> body) =>
        MethodDeclaration(ParseTypeName(returnType), name)
            .WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.OverrideKeyword))
            .WithParameterList(ParseParameterList("(" + parameters + ")"))
            .WithBody(Block(body));

    public static FieldDeclarationSyntax Field(string type, string name, ExpressionSyntax value, bool isStatic = false) =>
        FieldDeclaration(VariableDeclaration(ParseTypeName(type)).AddVariables(VariableDeclarator(name).WithInitializer(EqualsValueClause(value))))
            .WithModifiers(isStatic ? Modifiers(SyntaxKind.PrivateKeyword, SyntaxKind.StaticKeyword, SyntaxKind.ReadOnlyKeyword)
                                    : Modifiers(SyntaxKind.PrivateKeyword, SyntaxKind.ReadOnlyKeyword));

    /// <summary><c>new object[] { a, b }</c> (never an empty-array helper: callers write into the array).</summary>
    public static ExpressionSyntax ObjectArray(IEnumerable<ExpressionSyntax> items) =>
        ArrayCreationExpression(ArrayType(ParseTypeName("object")).AddRankSpecifiers(ArrayRankSpecifier()),
            InitializerExpression(SyntaxKind.ArrayInitializerExpression, SeparatedList(items)));

    public static T Commented<T>(T node, params string[] lines) where T : SyntaxNode => CSharpSyntax.WithComments(node, [.. lines.Select(CommentText)]);

    /// <summary>
    /// Spec text (names, file paths) made safe for a <c>//</c> comment: C# also ends a line at U+0085, U+2028 and
    /// U+2029, which a quoted name may hold, so they become spaces (\n and \r are split off by the comment writers).
    /// </summary>
    public static string CommentText(string text) => text.Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
}
