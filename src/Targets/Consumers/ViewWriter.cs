using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Pulse.Targets.Consumers.SyntaxParts;
using S = Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Consumers;

/// <summary>
/// A speed view as a <c>ViewPlan</c> class: row steps before the window over its input row (the cleaned event
/// in source schema order, or a row of the view it reads in that view's column order), the group keys and
/// aggregate arguments, row steps after the window, and the final column order; the window itself is the
/// runtime's <c>WindowedAggregation</c>, given the IR's window and aggregates. A view over another speed view
/// also names it (<c>Upstream</c>) and, when it windows that view's windows, the shift its windows close on.
/// </summary>
internal sealed class ViewWriter(ViewStage plan, string className, ConstantPool constants)
{
    private sealed record Layout(IReadOnlyList<Column> Columns)
    {
        public static Layout Of(RelSchema schema) => new(schema.Columns);
        public int Ordinal(string name) => Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == name, (null!, -1)).Item2;
    }

    public string ClassName => className;

    /// <summary>The class name of a view: its name in Pascal case + View (made unique by the caller).</summary>
    public static string ClassNameOf(string view) => CSharpNames.TypeName(view) + "View";

    private ExpressionWriter Over(Layout layout) => new(name =>
    {
        var ordinal = layout.Ordinal(name);
        if (ordinal < 0) throw new TargetUnsupportedException($"no column '{name}' in the row (columns: {string.Join(", ", layout.Columns.Select(c => c.Name))})");
        var type = layout.Columns[ordinal].Type;
        return (ExpressionWriter.Cast(ClrTypeNames.Of(type.AsNullable()),
            ElementAccessExpression(S.Name("row")).AddArgumentListArguments(Argument(S.Int(ordinal)))), type);
    }, constants);

    /// <summary>Filters and projections in order; returns the statements and the layout they leave.</summary>
    private (List<StatementSyntax>, Layout) Steps(IEnumerable<RelNode> steps, Layout layout)
    {
        var statements = new List<StatementSyntax>();
        foreach (var step in steps)
        {
            var writer = Over(layout);
            switch (step)
            {
                case FilterNode filter:
                    statements.Add(Commented(If(Not(writer.Predicate(filter.Predicate)), Return(S.Null())), $"where ({filter.Origin.File}:{filter.Origin.Line})"));
                    break;
                case ProjectNode project:
                    statements.Add(Commented(AssignTo(S.Name("row"), ObjectArray(project.Columns.Select((c, i) => writer.Value(c.Expr, project.Schema.Columns[i].Type)))),
                        $"derive/select ({project.Origin.File}:{project.Origin.Line})"));
                    layout = Layout.Of(project.Schema);
                    break;
                default:
                    throw new TargetUnsupportedException($"a {step.GetType().Name} step cannot run on a stream");
            }
        }
        return (statements, layout);
    }

    /// <summary>Rows leave a view in its schema's column order: reorders (or picks) slots when they are not already so.</summary>
    private StatementSyntax? FinalShape(Layout layout)
    {
        var ordinals = plan.View.Schema.Columns.Select(c => layout.Ordinal(c.Name)).ToArray();
        if (ordinals.Any(o => o < 0)) throw new TargetUnsupportedException("the view's columns are not all in its last step's row");
        if (layout.Columns.Count == ordinals.Length && ordinals.Select((o, i) => o == i).All(x => x)) return null;
        return AssignTo(S.Name("row"), ObjectArray(ordinals.Select(o => (ExpressionSyntax)ElementAccessExpression(S.Name("row")).AddArgumentListArguments(Argument(S.Int(o))))));
    }

    public ClassDeclarationSyntax Write()
    {
        var view = plan.View;
        var aggregate = plan.Aggregate;
        var (before, layout) = Steps(plan.Before, Layout.Of(plan.Input));
        List<StatementSyntax> after;
        var members = new List<MemberDeclarationSyntax>
        {
            OverrideProperty("string", "Name", S.String(view.Name)),
            OverrideProperty("LatePolicy", "Late", S.Dotted("LatePolicy." + (plan.View.Streaming?.Late ?? LatePolicy.Batch))),
            Field("Column[]", "columns", S.Array("Column", view.Schema.Columns.Select(c => (ExpressionSyntax)S.New("Column", S.String(c.Name), ClrTypeNames.TypeValue(c.Type), S.Null())))),
            OverrideProperty("IReadOnlyList<Column>", "Columns", S.Name("columns")),
        };
        if (plan.Upstream is { } upstream)
        {
            members.Add(Commented(OverrideProperty("string", "Upstream", S.String(upstream)),
                plan.ReadsWindows ? $"Fed with the final windows {upstream} emits, as they are emitted (never late)." : $"Fed with the events {upstream} passes on, as they pass."));
            if (plan.WindowShift is { } shift)
                members.Add(Commented(OverrideProperty("long?", "WindowShiftMicros", S.Long(shift)),
                    $"Its windows close on the watermark minus {TimeSpan.FromTicks(shift * TimeSpan.TicksPerMicrosecond).ToString("c", CultureInfo.InvariantCulture)}: no later window of {upstream} has a smaller {plan.Aggregate!.Window!.TimeColumn}."));
        }
        if (aggregate?.Window is { } window)
        {
            var timeSlot = layout.Ordinal(window.TimeColumn);
            if (timeSlot < 0 || layout.Columns[timeSlot].Type.Kind != TypeKind.Timestamp)
                throw new TargetUnsupportedException($"the window's time column {window.TimeColumn} is not a timestamp column");
            var input = Over(layout);
            members.Add(Field("WindowSpec", "window", S.New("WindowSpec", S.Dotted("WindowKind." + window.Kind), S.String(window.TimeColumn),
                Span(window.Size), NullableSpan(window.Slide), NullableSpan(window.Gap), S.Dotted("Origin.None"))));
            members.Add(OverrideProperty("WindowSpec", "Window", S.Name("window")));
            members.Add(Field("AggregateExpr[]", "aggregates", S.Array("AggregateExpr", aggregate.Aggregates.Select(a => (ExpressionSyntax)S.New("AggregateExpr",
                S.String(a.Name), S.Dotted("AggregateFunction." + a.Function),
                a.Argument is null ? S.Null() : S.New("ColumnRef", ClrTypeNames.TypeValue(a.Argument.Type), S.String("argument"), S.Int(0)),
                ClrTypeNames.TypeValue(a.Type))))));
            members.Add(OverrideProperty("IReadOnlyList<AggregateExpr>", "Aggregates", S.Name("aggregates")));
            members.Add(OverrideProperty("int", "TimeSlot", S.Int(timeSlot)));
            members.Add(OverrideMethod("object[]", "Keys", "object[] row",
                [Return(ObjectArray(aggregate.Keys.Select(k => input.Value(k.Expr, k.Expr.Type))))]));
            members.Add(OverrideMethod("object[]", "Arguments", "object[] row",
                [Return(ObjectArray(aggregate.Aggregates.Select(a => a.Argument is null ? S.Null() : input.Value(a.Argument, a.Argument.Type))))]));
            var (afterSteps, afterLayout) = Steps(plan.After, Layout.Of(aggregate.Schema));
            after = afterSteps;
            if (FinalShape(afterLayout) is { } shape) after.Add(shape);
        }
        else
        {
            if (FinalShape(layout) is { } shape) before.Add(shape);
            after = [];
            members.Add(OverrideProperty("WindowSpec", "Window", S.Null()));
            members.Add(OverrideProperty("IReadOnlyList<AggregateExpr>", "Aggregates", S.Array("AggregateExpr", [])));
            members.Add(OverrideProperty("int", "TimeSlot", S.Int(-1)));
            members.Add(OverrideMethod("object[]", "Keys", "object[] row", [Return(S.Array("object", []))]));
            members.Add(OverrideMethod("object[]", "Arguments", "object[] row", [Return(S.Array("object", []))]));
        }
        before.Add(Return(S.Name("row")));
        after.Add(Return(S.Name("row")));
        members.Add(OverrideMethod("object[]", "Before", "object[] row", before));
        members.Add(OverrideMethod("object[]", "After", "object[] row", after));
        return Commented(ClassDeclaration(ClassName).WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.SealedKeyword))
            .AddBaseListTypes(SimpleBaseType(ParseTypeName("ViewPlan"))).AddMembers([.. members]),
            $"speed view {view.Name} ({view.Origin.File}:{view.Origin.Line})");
    }

    private static ExpressionSyntax Span(TimeSpan span) => S.Call("System.TimeSpan", "FromTicks", S.Long(span.Ticks));

    private static ExpressionSyntax NullableSpan(TimeSpan? span) => span is { } s ? ExpressionWriter.Cast("System.TimeSpan?", Span(s)) : S.Null();

    public static string Micros(TimeSpan span) => (span.Ticks / TimeSpan.TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture);
}
