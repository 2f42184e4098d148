using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Builds a <see cref="SourceIr"/> step by step, computing each step's schema like the lowering.</summary>
public sealed class SourceBuilder(string name, SourceFormat format)
{
    private static readonly Origin O = new("test.pulse", 1, 1, 0, 0);
    private readonly List<InputField> fields = [];
    private readonly List<CleanStep> steps = [];
    private SourceOptions options = new();

    public static SourceBuilder Csv(string name, string path) => new SourceBuilder(name, SourceFormat.Csv).With(o => o with { Path = path });
    public static SourceBuilder Json(string name, string path) => new SourceBuilder(name, SourceFormat.Json).With(o => o with { Path = path });
    public static SourceBuilder Ndjson(string name, string path) => new SourceBuilder(name, SourceFormat.Ndjson).With(o => o with { Path = path });
    public static SourceBuilder Parquet(string name, string path) => new SourceBuilder(name, SourceFormat.Parquet).With(o => o with { Path = path });
    public static SourceBuilder Kafka(string name, string replay) => new SourceBuilder(name, SourceFormat.Kafka).With(o => o with { Replay = replay });
    public static SourceBuilder Http(string name, string connection) => new SourceBuilder(name, SourceFormat.Http).With(o => o with { Connection = connection });
    public static SourceBuilder Postgres(string name, string connection, string table) =>
        new SourceBuilder(name, SourceFormat.Postgres).With(o => o with { Connection = connection, Table = table });
    public static SourceBuilder Elasticsearch(string name, string connection, string index) =>
        new SourceBuilder(name, SourceFormat.Elasticsearch).With(o => o with { Connection = connection, Index = index });

    public SourceBuilder With(Func<SourceOptions, SourceOptions> change) { options = change(options); return this; }

    public SourceBuilder Field(string field, PulseType type, string? from = null)
    {
        fields.Add(new InputField(field, from ?? field, type, null, O));
        return this;
    }

    private RelSchema Current => steps.Count > 0 ? steps[^1].SchemaAfter : new RelSchema(fields.Select(f => new Column(f.Name, f.Type)).ToImmutableArray());

    /// <summary>The column as it is at this point of the cleaning (for expressions).</summary>
    public ColumnRef Col(string column) => new(Current[column].Type, column);

    private SourceBuilder Add(CleanStep step) { steps.Add(step); return this; }

    private RelSchema Replace(string column, PulseType type) =>
        new(Current.Columns.Select(c => c.Name == column ? c with { Type = type } : c).ToImmutableArray());

    public SourceBuilder Rename(string from, string to) =>
        Add(new RenameStep(new RelSchema(Current.Columns.Select(c => c.Name == from ? c with { Name = to } : c).ToImmutableArray()), O, from, to));

    public SourceBuilder Cast(string column, PulseType to, string? format = null) =>
        Add(new CastStep(Replace(column, to.WithNullability(Current[column].Type.Nullable)), O, column, Current[column].Type, to, format));

    public SourceBuilder Trim(params string[] columns) => Add(new TextTransformStep(Current, O, TextTransform.Trim, [.. columns]));
    public SourceBuilder Lower(params string[] columns) => Add(new TextTransformStep(Current, O, TextTransform.Lower, [.. columns]));
    public SourceBuilder Upper(params string[] columns) => Add(new TextTransformStep(Current, O, TextTransform.Upper, [.. columns]));

    public SourceBuilder Fill(Expr value, params string[] columns)
    {
        var schema = Current;
        foreach (var column in columns) schema = new RelSchema(schema.Columns.Select(c => c.Name == column ? c with { Type = c.Type.WithNullability(value.Type.Nullable) } : c).ToImmutableArray());
        return Add(new FillStep(schema, O, [.. columns], value));
    }

    public SourceBuilder Derive(string column, Expr value)
    {
        var schema = Current.Find(column) is null
            ? new RelSchema(Current.Columns.Add(new Column(column, value.Type)))
            : Replace(column, value.Type);
        return Add(new DeriveStep(schema, O, column, value));
    }

    public SourceBuilder DropWhere(Expr predicate) => Add(new DropWhereStep(Current, O, predicate));

    public SourceBuilder Dedupe(string[] keys, DedupeKeep keep = DedupeKeep.First, string? orderBy = null) =>
        Add(new DedupeStep(Current, O, [.. keys], keep, orderBy));

    public SourceBuilder Expect(string expectation, ExpectationRule rule, ViolationAction action = ViolationAction.Fail,
        double? warnAbove = null, double? failAbove = null, int line = 1) =>
        Add(new ExpectStep(Current, O, new ExpectationIr(expectation, rule, action, warnAbove, failAbove, O with { Line = line })));

    public SourceBuilder ExpectRow(string expectation, Expr predicate, ViolationAction action = ViolationAction.Fail, double? warnAbove = null, double? failAbove = null) =>
        Expect(expectation, new RowRule(predicate), action, warnAbove, failAbove);

    public SourceIr Build() => new(name, format, options, [.. fields], [.. steps], Current, null, O);
}
