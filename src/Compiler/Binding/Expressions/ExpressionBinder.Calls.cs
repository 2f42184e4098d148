using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Compiler.Functions;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

internal sealed partial class ExpressionBinder
{
    private Expr BindCall(CallExpressionSyntax syntax)
    {
        var name = syntax.Function;
        if (name.IsMissing) return Coercion.ErrorExpr;
        var function = FunctionCatalog.Find(name.Text);
        var argumentSyntax = syntax.Arguments.Items.Where(a => a is not StarExpressionSyntax).ToList();
        var hasStar = syntax.Arguments.Items.Any(a => a is StarExpressionSyntax);
        if (function is null)
        {
            context.Add(BindingContext.At(tree, name).UnknownFunction(name.Text, DidYouMean.Suggest(name.Text, FunctionCatalog.Names)));
            foreach (var argument in argumentSyntax) Bind(argument);
            return Coercion.ErrorExpr;
        }
        context.Info.RecordSymbol(name, FunctionSymbol.Find(function.Name)!);
        if (hasStar && function.Name != "count")
        {
            context.Add(BindingContext.At(tree, syntax.Arguments.Items.First(a => a is StarExpressionSyntax)).ArgumentTypeMismatch(function.Name, 1, function.Parameters.FirstOrDefault()?.Name ?? "value", "a value", "`*`"));
            return Coercion.ErrorExpr;
        }

        if (function.IsAggregate)
        {
            if (aggregates is null)
            {
                context.Add(BindingContext.At(tree, syntax).AggregateOutsideGroupBy(function.Name));
                foreach (var argument in argumentSyntax) Bind(argument);
                return Coercion.ErrorExpr;
            }
            if (insideAggregate)
            {
                context.Add(BindingContext.At(tree, syntax).NestedAggregate(function.Name));
                return Coercion.ErrorExpr;
            }
        }

        var count = argumentSyntax.Count;
        if (count < function.MinArguments || (function.MaxArguments is { } max && count > max))
        {
            context.Add(BindingContext.At(tree, syntax).WrongArgumentCount(function.Name, function.Signature, count));
            foreach (var argument in argumentSyntax) Bind(argument);
            return Coercion.ErrorExpr;
        }

        var usedBefore = function.IsAggregate ? used.ToList() : null;
        if (function.IsAggregate) { insideAggregate = true; used.Clear(); }
        var arguments = new List<Expr>(count);
        var failed = false;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var parameter = FunctionCatalog.ParameterAt(function, i)!;
                var bound = Bind(argumentSyntax[i]);
                arguments.Add(bound);
                if (bound.Type.Kind == TypeKind.Error) { failed = true; continue; }
                if (!ParameterKinds.Accepts(parameter.Kind, bound.Type))
                {
                    context.Add(BindingContext.At(tree, argumentSyntax[i]).ArgumentTypeMismatch(function.Name, i + 1, parameter.Name, ParameterKinds.Describe(parameter.Kind), bound.Type.ToString()));
                    failed = true;
                    continue;
                }
                if (parameter.MustBeConstant && !CheckConstantArgument(function, parameter, argumentSyntax[i], bound)) failed = true;
            }
        }
        finally
        {
            if (function.IsAggregate) insideAggregate = false;
        }
        var usedByAggregate = function.IsAggregate ? used.ToImmutableArray() : [];
        if (usedBefore is not null) { used.UnionWith(usedBefore); }
        if (failed) return Coercion.ErrorExpr;

        var types = arguments.Select(a => a.Type).ToList();
        var result = FunctionCatalog.ResultOf(function, types);

        if (function.Name is "date" or "timestamp") return FoldTemporalConstant(function.Name, (LiteralExpr)arguments[0]);
        if (function.IsAggregate)
        {
            var aggregate = AggregateCollector.FunctionOf(function.Name)!.Value;
            var argument = arguments.Count == 0 ? null : arguments[0];
            return aggregates!.Add(aggregate, argument, result, usedByAggregate);
        }
        return new CallExpr(result, function.Name, arguments.ToImmutableArray());
    }

    /// <summary>Checks an argument that must be a constant string: regex, date_trunc unit, ISO date/timestamp, date/time pattern.</summary>
    private bool CheckConstantArgument(FunctionDefinition function, FunctionParameter parameter, ExpressionSyntax syntax, Expr bound)
    {
        if (bound is not LiteralExpr { Value: { } text } || bound.Type.Kind != TypeKind.String)
        {
            context.Add(BindingContext.At(tree, syntax).ArgumentMustBeConstant(function.Name, parameter.Name));
            return false;
        }
        string reason;
        switch (parameter.Constant)
        {
            case ConstantCheck.Regex when !Constants.TryValidateRegex(text, out reason):
                context.Add(BindingContext.At(tree, syntax).InvalidRegex(text, reason));
                return false;
            case ConstantCheck.DateTruncUnit when !FunctionCatalog.DateTruncUnits.Contains(text):
                context.Add(BindingContext.At(tree, syntax).InvalidDateTruncUnit(text, DidYouMean.Suggest(text, FunctionCatalog.DateTruncUnits)));
                return false;
            case ConstantCheck.IsoDate when !Constants.TryParseDate(text, out _, out reason):
                context.Add(BindingContext.At(tree, syntax).InvalidTemporalConstant(text, "date", reason));
                return false;
            case ConstantCheck.IsoTimestamp when !Constants.TryParseTimestamp(text, out _, out reason):
                context.Add(BindingContext.At(tree, syntax).InvalidTemporalConstant(text, "timestamp", reason));
                return false;
            case ConstantCheck.DateTimePattern when !Constants.TryValidateDateTimePattern(text, out reason):
                context.Add(BindingContext.At(tree, syntax).InvalidDateTimePattern(text, reason));
                return false;
            default:
                return true;
        }
    }

    /// <summary><c>date("2024-03-01")</c> and <c>timestamp("…")</c> are constants: the IR gets the literal, in its canonical text.</summary>
    private static Expr FoldTemporalConstant(string function, LiteralExpr text)
    {
        if (function == "date")
        {
            Constants.TryParseDate(text.Value!, out var date, out _);
            return new LiteralExpr(PulseType.Date, Constants.FormatDate(date));
        }
        Constants.TryParseTimestamp(text.Value!, out var timestamp, out _);
        return new LiteralExpr(PulseType.Timestamp, Constants.FormatTimestamp(timestamp));
    }
}
