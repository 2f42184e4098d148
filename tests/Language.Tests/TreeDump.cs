using System.Globalization;
using System.Reflection;
using System.Text;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>Readable, deterministic dumps of tokens and trees for baselines and failure messages.</summary>
internal static class TreeDump
{
    /// <summary>One line per token: position, kind, text, trivia kinds.</summary>
    public static string Tokens(SyntaxTree tree)
    {
        var builder = new StringBuilder();
        foreach (var token in tree.Tokens)
        {
            builder.Append(Range(tree.Source, token.Span)).Append(' ').Append(token.Kind);
            if (token.Text.Length > 0) builder.Append(' ').Append(Quote(token.Text));
            if (token.IsMissing) builder.Append(" (missing)");
            if (!token.LeadingTrivia.IsEmpty) builder.Append(" lead[").Append(string.Join(' ', token.LeadingTrivia.Select(t => t.Kind))).Append(']');
            if (!token.TrailingTrivia.IsEmpty) builder.Append(" trail[").Append(string.Join(' ', token.TrailingTrivia.Select(t => t.Kind))).Append(']');
            builder.Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>The tree indented by depth; each child is labelled with the property that holds it.</summary>
    public static string Syntax(SyntaxTree tree)
    {
        var builder = new StringBuilder();
        Write(builder, tree.Source, tree.Root, label: null, depth: 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, SourceText source, SyntaxElement element, string? label, int depth)
    {
        builder.Append(' ', depth * 2);
        if (label is not null) builder.Append(label).Append(": ");
        if (element is SyntaxToken token)
        {
            builder.Append(token.Kind).Append(' ').Append(Quote(token.Text));
            builder.Append(token.IsMissing ? " (missing)" : " " + Range(source, token.Span)).Append('\n');
            return;
        }
        var node = (SyntaxNode)element;
        builder.Append(node.GetType().Name.Replace("Syntax", "", StringComparison.Ordinal)).Append(' ').Append(Range(source, node.Span));
        if (node is DeclarationSyntax { DocComment: { } declarationDoc }) builder.Append(" doc=").Append(Quote(declarationDoc));
        if (node is FieldSyntax { DocComment: { } fieldDoc }) builder.Append(" doc=").Append(Quote(fieldDoc));
        builder.Append('\n');
        var labels = ChildLabels(node);
        foreach (var child in node.Children)
        {
            Write(builder, source, child, labels.GetValueOrDefault(child), depth + 1);
        }
    }

    /// <summary>Maps each child to the property holding it (<c>Name</c>, <c>Steps[2]</c>, <c>Steps,</c> for separators).</summary>
    private static Dictionary<SyntaxElement, string> ChildLabels(SyntaxNode node)
    {
        var labels = new Dictionary<SyntaxElement, string>(ReferenceEqualityComparer.Instance);
        // Most derived first, then declaration order, so a token reachable through two properties
        // (JoinStep.KindKeyword and its computed Keyword) always gets the same label.
        var properties = node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => InheritanceDistance(node.GetType(), p.DeclaringType!)).ThenBy(p => p.MetadataToken);
        foreach (var property in properties)
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "Parent" or "FirstToken" or "LastToken") continue;
            var value = property.GetValue(node);
            switch (value)
            {
                case SyntaxElement element when element.Parent == node && !labels.ContainsKey(element):
                    labels[element] = property.Name;
                    break;
                case ISyntaxList list when property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(SyntaxList<>):
                    var index = 0;
                    foreach (var item in list.Elements)
                    {
                        labels[item] = item switch
                        {
                            SkippedSyntax => property.Name + "(skipped)",
                            SyntaxToken => property.Name + "(separator)",
                            _ => $"{property.Name}[{index++}]",
                        };
                    }
                    break;
            }
        }
        return labels;
    }

    private static int InheritanceDistance(Type type, Type declaring)
    {
        var distance = 0;
        for (var current = type; current is not null && current != declaring; current = current.BaseType) distance++;
        return distance;
    }

    public static string Range(SourceText source, TextSpan span)
    {
        var start = source.GetPosition(span.Start);
        var end = source.GetPosition(span.End);
        return string.Create(CultureInfo.InvariantCulture, $"{start.Line + 1}:{start.Character + 1}-{end.Line + 1}:{end.Character + 1}");
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
