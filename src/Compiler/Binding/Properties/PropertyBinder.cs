using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Checks a block's properties against the <see cref="PropertyCatalog"/>: unknown names (with
/// did-you-mean), duplicates, value shapes, enum words, literal credentials and missing required
/// properties. Names inside values (relations, connections, columns) are resolved by the caller,
/// which knows what they may refer to.
/// </summary>
internal static class PropertyBinder
{
    public static BoundProperties Bind(BindingContext context, SyntaxTree tree, BlockDefinition block, IEnumerable<PropertySyntax> properties, SyntaxNode missingAnchor)
    {
        var values = ImmutableDictionary.CreateBuilder<string, BoundProperty>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (property.Name.IsMissing) continue;
            var name = property.Name.Text;
            var definition = block.Find(name);
            if (definition is null)
            {
                context.Add(BindingContext.At(tree, property.Name).UnknownProperty(name, block.Title, DidYouMean.Suggest(name, block.Names)));
                continue;
            }
            if (values.ContainsKey(name))
            {
                context.Add(BindingContext.At(tree, property.Name).DuplicateProperty(name));
                continue;
            }
            values[name] = new BoundProperty(definition, property, BindValue(context, tree, definition, property));
        }
        foreach (var definition in block.Properties)
        {
            if (definition.Required && !values.ContainsKey(definition.Name))
                context.Add(BindingContext.At(tree, missingAnchor).MissingProperty(definition.Name, block.Title));
        }
        return new BoundProperties(block, tree, values.ToImmutable());
    }

    private static object? BindValue(BindingContext context, SyntaxTree tree, PropertyDefinition definition, PropertySyntax property)
    {
        if (definition.Kind == PropertyValueKind.Block)
        {
            if (!property.IsBlock) return WrongValue(context, tree, property, definition);
            return Bind(context, tree, definition.Nested!, property.Properties, property.Name);
        }
        if (property.IsBlock || property.Value is null) return WrongValue(context, tree, property, definition);
        var value = property.Value;
        if (value is MissingExpressionSyntax) return null; // the parser reported it
        object? result = definition.Kind switch
        {
            PropertyValueKind.String => StringOf(value),
            PropertyValueKind.Character => StringOf(value) is { Length: 1 } character ? character : null,
            PropertyValueKind.Integer => IntegerOf(value),
            PropertyValueKind.Bool => BoolOf(value),
            PropertyValueKind.Duration => DurationOf(value),
            PropertyValueKind.Enum => EnumOf(context, tree, definition, value, out var reported) ?? (reported ? Reported : null),
            PropertyValueKind.Column or PropertyValueKind.Relation or PropertyValueKind.Connection => NameOf(value),
            PropertyValueKind.ColumnList => NameListOf(value),
            PropertyValueKind.ColumnLists => NameListsOf(value),
            PropertyValueKind.StringList => StringListOf(value),
            PropertyValueKind.Setting => SettingOf(context, tree, definition, property, value),
            _ => null,
        };
        if (ReferenceEquals(result, Reported)) return null;
        return result ?? WrongValue(context, tree, property, definition);
    }

    /// <summary>Marks a value whose problem was already reported more precisely.</summary>
    private static readonly object Reported = new();

    private static object? WrongValue(BindingContext context, SyntaxTree tree, PropertySyntax property, PropertyDefinition definition)
    {
        SyntaxNode at = property.Value is { } value && value is not MissingExpressionSyntax ? value : property;
        context.Add(BindingContext.At(tree, at).WrongPropertyValue(definition.Name, definition.ExpectedText));
        return null;
    }

    public static string? StringOf(ExpressionSyntax value) =>
        value is LiteralExpressionSyntax { Kind: LiteralKind.String, Token.IsMissing: false } literal ? literal.Token.ValueText : null;

    private static object? IntegerOf(ExpressionSyntax value)
    {
        if (value is LiteralExpressionSyntax { Kind: LiteralKind.Integer } literal && SyntaxFacts.TryParseInteger(literal.Token.Text, out var number)) return number;
        if (value is UnaryExpressionSyntax { Operand: LiteralExpressionSyntax { Kind: LiteralKind.Integer } negative } unary
            && unary.OperatorToken.Text == "-" && SyntaxFacts.TryParseInteger(negative.Token.Text, out var magnitude)) return -magnitude;
        return null;
    }

    private static object? BoolOf(ExpressionSyntax value) => value is LiteralExpressionSyntax literal
        ? literal.Kind switch { LiteralKind.True => true, LiteralKind.False => false, _ => null }
        : null;

    private static object? DurationOf(ExpressionSyntax value) =>
        value is LiteralExpressionSyntax { Kind: LiteralKind.Duration } literal && SyntaxFacts.TryParseDuration(literal.Token.Text, out var duration) ? duration : null;

    private static NameSyntax? NameOf(ExpressionSyntax value) => value is NameExpressionSyntax { Name.IsMissing: false } name ? name.Name : null;

    private static object? NameListOf(ExpressionSyntax value)
    {
        if (NameOf(value) is { } single) return ImmutableArray.Create(single);
        if (value is not ListExpressionSyntax list) return null;
        var names = list.Elements.Select(NameOf).ToList();
        return names.Any(n => n is null) ? null : names.Select(n => n!).ToImmutableArray();
    }

    private static object? NameListsOf(ExpressionSyntax value)
    {
        if (value is not ListExpressionSyntax list) return null;
        var lists = ImmutableArray.CreateBuilder<ImmutableArray<NameSyntax>>();
        foreach (var element in list.Elements)
        {
            if (NameListOf(element) is not ImmutableArray<NameSyntax> names) return null;
            lists.Add(names);
        }
        return lists.ToImmutable();
    }

    private static object? StringListOf(ExpressionSyntax value)
    {
        if (value is not ListExpressionSyntax list) return null;
        var strings = list.Elements.Select(StringOf).ToList();
        return strings.Any(s => s is null) ? null : strings.Select(s => s!).ToImmutableArray();
    }

    private static string? EnumOf(BindingContext context, SyntaxTree tree, PropertyDefinition definition, ExpressionSyntax value, out bool reported)
    {
        reported = false;
        if (NameOf(value) is not { } name) return null;
        if (definition.EnumValues.Contains(name.Text)) return name.Text;
        context.Add(BindingContext.At(tree, name).UnknownEnumValue(name.Text, definition.Name, string.Join(", ", definition.EnumValues), DidYouMean.Suggest(name.Text, definition.EnumValues)));
        reported = true;
        return null;
    }

    /// <summary>A connection setting: a literal (string, number or bool), <c>env("NAME")</c> or <c>secret("name")</c>.</summary>
    private static object? SettingOf(BindingContext context, SyntaxTree tree, PropertyDefinition definition, PropertySyntax property, ExpressionSyntax value)
    {
        if (value is CallExpressionSyntax call && call.Function.Text is "env" or "secret")
        {
            if (call.Arguments.Count != 1 || StringOf(call.Arguments[0]) is not { Length: > 0 } reference) return null;
            return call.Function.Text == "env" ? new EnvSetting(reference) : new SecretSetting(reference);
        }
        var literal = value switch
        {
            LiteralExpressionSyntax { Kind: LiteralKind.String } s => s.Token.ValueText,
            LiteralExpressionSyntax { Kind: LiteralKind.Integer or LiteralKind.Number } n => n.Token.Text.Replace("_", "", StringComparison.Ordinal),
            LiteralExpressionSyntax { Kind: LiteralKind.True } => "true",
            LiteralExpressionSyntax { Kind: LiteralKind.False } => "false",
            _ => null,
        };
        if (literal is null) return null;
        if (definition.IsSecret || PropertyCatalog.LooksSecret(definition.Name))
        {
            context.Add(BindingContext.At(tree, value).LiteralSecret(property.Name.Text));
            return Reported;
        }
        return new LiteralSetting(literal);
    }
}
