using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

internal sealed partial class ExpressionBinder
{
    /// <summary>
    /// Literals in the IR's value text format: integers are int when they fit (else long), numbers
    /// without an exponent are decimals typed by their digits (<c>0.45</c> is decimal(3, 2)), numbers
    /// with one are doubles, durations are milliseconds, percentages fractions (double).
    /// </summary>
    public static Expr LiteralValue(LiteralExpressionSyntax syntax)
    {
        var token = syntax.Token;
        if (token.IsMissing) return Coercion.ErrorExpr;
        switch (syntax.Kind)
        {
            case LiteralKind.Integer:
                if (!SyntaxFacts.TryParseInteger(token.Text, out var integer)) return Coercion.ErrorExpr; // the lexer reported it
                return new LiteralExpr(integer is >= int.MinValue and <= int.MaxValue ? PulseType.Int : PulseType.Long, integer.ToString(CultureInfo.InvariantCulture));
            case LiteralKind.Number:
                if (token.Text.IndexOfAny(['e', 'E']) < 0 && SyntaxFacts.TryParseDecimal(token.Text, out var number))
                    return new LiteralExpr(Constants.DecimalTypeOf(number), number.ToString(CultureInfo.InvariantCulture));
                return SyntaxFacts.TryParseDouble(token.Text, out var real)
                    ? new LiteralExpr(PulseType.Double, real.ToString("R", CultureInfo.InvariantCulture))
                    : Coercion.ErrorExpr;
            case LiteralKind.String:
                return new LiteralExpr(PulseType.String, token.ValueText);
            case LiteralKind.Duration:
                return SyntaxFacts.TryParseDuration(token.Text, out var duration)
                    ? new LiteralExpr(PulseType.Duration, Constants.FormatDuration(duration))
                    : Coercion.ErrorExpr;
            case LiteralKind.Percent:
                return SyntaxFacts.TryParsePercent(token.Text, out var percent)
                    ? new LiteralExpr(PulseType.Double, (percent / 100m).ToString(CultureInfo.InvariantCulture))
                    : Coercion.ErrorExpr;
            case LiteralKind.True:
                return new LiteralExpr(PulseType.Bool, "true");
            case LiteralKind.False:
                return new LiteralExpr(PulseType.Bool, "false");
            default:
                return new LiteralExpr(PulseType.Null, null);
        }
    }

    private static Expr BindLiteral(LiteralExpressionSyntax syntax) => LiteralValue(syntax);

    /// <summary>A list in an expression is a constant list (<c>[1, 2]</c>); its items share a type.</summary>
    private Expr BindList(ListExpressionSyntax syntax)
    {
        var items = ImmutableArray.CreateBuilder<Expr>();
        PulseType? element = null;
        foreach (var item in syntax.Elements)
        {
            var bound = Bind(item);
            if (bound is not LiteralExpr)
            {
                if (bound.Type.Kind != TypeKind.Error) context.Add(BindingContext.At(tree, item).ValueNotConstant("a list item"));
                return Coercion.ErrorExpr;
            }
            if (element is null) element = bound.Type;
            else
            {
                var common = TypeRules.CommonSupertype(element, bound.Type);
                if (common is null)
                {
                    context.Add(BindingContext.At(tree, item).NoCommonType("list items", element.ToString(), bound.Type.ToString()));
                    return Coercion.ErrorExpr;
                }
                element = common;
            }
            items.Add(bound);
        }
        element ??= PulseType.String;
        if (element.Kind == TypeKind.Error) return Coercion.ErrorExpr;
        if (element.Kind == TypeKind.Null) element = PulseType.String.AsNullable();
        var type = PulseType.ListOf(element);
        return new LiteralExpr(type, null, items.Select(i => (Expr)Coercion.Retype((LiteralExpr)i, element)).ToImmutableArray());
    }
}
