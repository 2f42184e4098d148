using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Builds a <see cref="SourceIr"/> step by step, tracking the schema after each cleaning step.</summary>
public sealed class SourceBuilder(string name, SourceFormat format)
{
    private readonly List<InputField> fields = [];
    private readonly List<CleanStep> steps = [];
    private List<Column> columns = [];
    private SourceOptions options = new();
    private string? doc;

    public SourceBuilder Options(Func<SourceOptions, SourceOptions> change) { options = change(options); return this; }
    public SourceBuilder Doc(string text) { doc = text; return this; }

    public SourceBuilder Field(string field, PulseType type, string? from = null, string? fieldDoc = null)
    {
        fields.Add(new InputField(field, from ?? field, type, fieldDoc, Origin.None));
        columns.Add(new Column(field, type, fieldDoc));
        return this;
    }

    private RelSchema Schema => new(columns.ToImmutableArray());

    public SourceBuilder Text(TextTransform transform, params string[] names) { steps.Add(new TextTransformStep(Schema, Origin.None, transform, names.ToImmutableArray())); return this; }

    public SourceBuilder Cast(string column, PulseType to, string? format = null)
    {
        var from = columns.First(c => c.Name == column).Type;
        columns = columns.Select(c => c.Name == column ? c with { Type = to.WithNullability(from.Nullable) } : c).ToList();
        steps.Add(new CastStep(Schema, Origin.None, column, from, to, format));
        return this;
    }

    public SourceBuilder Rename(string from, string to)
    {
        columns = columns.Select(c => c.Name == from ? c with { Name = to } : c).ToList();
        steps.Add(new RenameStep(Schema, Origin.None, from, to));
        return this;
    }

    public SourceBuilder Fill(Expr value, params string[] names)
    {
        columns = columns.Select(c => names.Contains(c.Name) ? c with { Type = c.Type.AsNonNullable() } : c).ToList();
        steps.Add(new FillStep(Schema, Origin.None, names.ToImmutableArray(), value));
        return this;
    }

    public SourceBuilder Derive(string column, Expr value)
    {
        columns = columns.Where(c => c.Name != column).Append(new Column(column, value.Type)).ToList();
        steps.Add(new DeriveStep(Schema, Origin.None, column, value));
        return this;
    }

    public SourceBuilder DropWhere(Expr predicate) { steps.Add(new DropWhereStep(Schema, Origin.None, predicate)); return this; }

    public SourceBuilder Dedupe(params string[] keys) { steps.Add(new DedupeStep(Schema, Origin.None, keys.ToImmutableArray(), DedupeKeep.First, null)); return this; }

    public SourceBuilder Expect(string rule, Expr predicate, ViolationAction action = ViolationAction.Fail, double? warnAbove = null, double? failAbove = null) =>
        Expect(rule, new RowRule(predicate), action, warnAbove, failAbove);

    public SourceBuilder Expect(string rule, ExpectationRule expectation, ViolationAction action = ViolationAction.Fail, double? warnAbove = null, double? failAbove = null)
    {
        steps.Add(new ExpectStep(Schema, Origin.None, new ExpectationIr(rule, expectation, action, warnAbove, failAbove, Origin.None)));
        return this;
    }

    public PulseType TypeOf(string column) => columns.First(c => c.Name == column).Type;
    public ColumnRef Col(string column) => E.Col(column, TypeOf(column));

    public SourceIr Build() => new(name, format, options, fields.ToImmutableArray(), steps.ToImmutableArray(), Schema, doc, new Origin("spec.pulse", 1, 1, 0, 0));
}
