using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Pulse.Targets.CSharp;

/// <summary>
/// Short SyntaxFactory helpers for the shapes generated code uses over and over: member access
/// chains, invocations, literals. Every literal goes through Roslyn's own escaping
/// (<see cref="SyntaxFactory.Literal(string)"/>), so no spec text can leave its string.
/// </summary>
public static class CSharpSyntax
{
    public static IdentifierNameSyntax Name(string identifier) => IdentifierName(identifier);

    /// <summary><c>a.b.c</c> from dotted text written by the generator (never from a spec name).</summary>
    public static ExpressionSyntax Dotted(string dotted)
    {
        var parts = dotted.Split('.');
        ExpressionSyntax result = IdentifierName(parts[0]);
        foreach (var part in parts.Skip(1)) result = Member(result, part);
        return result;
    }

    public static MemberAccessExpressionSyntax Member(ExpressionSyntax target, string member) =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName(member));

    public static InvocationExpressionSyntax Call(ExpressionSyntax target, string method, params ExpressionSyntax[] arguments) =>
        InvocationExpression(Member(target, method), Arguments(arguments));

    public static InvocationExpressionSyntax Call(string dottedTarget, string method, params ExpressionSyntax[] arguments) =>
        Call(Dotted(dottedTarget), method, arguments);

    public static InvocationExpressionSyntax CallFunction(string function, params ExpressionSyntax[] arguments) =>
        InvocationExpression(IdentifierName(function), Arguments(arguments));

    public static ArgumentListSyntax Arguments(IEnumerable<ExpressionSyntax> arguments) =>
        ArgumentList(SeparatedList(arguments.Select(Argument)));

    public static ObjectCreationExpressionSyntax New(string type, params ExpressionSyntax[] arguments) =>
        ObjectCreationExpression(ParseTypeName(type)).WithArgumentList(Arguments(arguments));

    public static LiteralExpressionSyntax String(string value) =>
        LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(value));

    public static LiteralExpressionSyntax Int(int value) =>
        LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value));

    public static LiteralExpressionSyntax Long(long value) =>
        LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value.ToString(CultureInfo.InvariantCulture) + "L", value));

    public static LiteralExpressionSyntax Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(text, value));
    }

    public static LiteralExpressionSyntax Bool(bool value) =>
        LiteralExpression(value ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression);

    public static LiteralExpressionSyntax Null() => LiteralExpression(SyntaxKind.NullLiteralExpression);

    /// <summary><c>new[] { a, b }</c> or, when empty, <c>System.Array.Empty&lt;T&gt;()</c>.</summary>
    public static ExpressionSyntax Array(string elementType, IEnumerable<ExpressionSyntax> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
            return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                Dotted("System.Array"), GenericName("Empty").AddTypeArgumentListArguments(ParseTypeName(elementType))));
        return ArrayCreationExpression(ArrayType(ParseTypeName(elementType)).AddRankSpecifiers(ArrayRankSpecifier()),
            InitializerExpression(SyntaxKind.ArrayInitializerExpression, SeparatedList(list)));
    }

    public static LocalDeclarationStatementSyntax Var(string identifier, ExpressionSyntax value) =>
        LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
            .AddVariables(VariableDeclarator(Identifier(identifier)).WithInitializer(EqualsValueClause(value))));

    public static ExpressionStatementSyntax Assign(string identifier, ExpressionSyntax value) =>
        ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(identifier), value));

    public static ExpressionStatementSyntax Statement(ExpressionSyntax expression) => ExpressionStatement(expression);

    /// <summary>Attaches <c>// text</c> comment lines in front of a statement (each line is cut at newlines so no spec text can end the comment early).</summary>
    public static T WithComments<T>(T node, params string[] lines) where T : SyntaxNode
    {
        var trivia = lines.SelectMany(l => l.Split('\n')).Select(l => Comment("// " + l.Replace("\r", ""))).SelectMany(c => new[] { c, CarriageReturnLineFeed });
        return node.WithLeadingTrivia(node.GetLeadingTrivia().AddRange(trivia));
    }
}
