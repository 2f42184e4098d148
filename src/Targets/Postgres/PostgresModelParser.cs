using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common.Expectations;
using Pulse.Targets.Postgres.Model;
using Pulse.Targets.Postgres.Sql;

namespace Pulse.Targets.Postgres;

/// <summary>
/// Reads the PostgreSQL side of a pipeline out of the IR: one table per PostgreSQL sink (a batch
/// table, a speed table and a merging view for a serving view), plus the bookkeeping tables the
/// runtime needs: quarantine, stream offsets and the serving horizon.
/// </summary>
public static class PostgresModelParser
{
    public const string QuarantineTable = "pulse_quarantine";
    public const string OffsetsTable = "pulse_offsets";
    public const string HorizonTable = "pulse_horizon";

    public static PgModel Parse(PipelineIr ir)
    {
        var tables = new List<PgTable>();
        var views = new List<PgView>();
        var schemas = new List<string>();
        var horizonSchemas = new List<string>();
        var needsOffsets = false;

        foreach (var sink in ir.Sinks.Where(s => s.Kind == SinkKind.Postgres && s.Table is not null))
        {
            var table = new PgName(PgQuote.RequireFits(sink.Table!.Schema, sink.Origin), PgQuote.RequireFits(sink.Table.Name, sink.Origin));
            AddOnce(schemas, table.Schema);
            var view = ir.FindView(sink.From);
            if (view?.Root is ServeMergeNode merge)
            {
                var batch = SinkTable(ir, sink, table with { Name = PgNames.Fit(table.Name + "_batch") }, PgTableRole.ServingBatch, RelationOf(merge.Batch) ?? sink.From, merge.TimeColumn);
                var speed = SinkTable(ir, sink, table with { Name = PgNames.Fit(table.Name + "_speed") }, PgTableRole.ServingSpeed, RelationOf(merge.Speed) ?? sink.From, merge.TimeColumn);
                tables.Add(batch);
                tables.Add(speed);
                views.Add(ServingView(sink, view, table, batch.Name, speed.Name, merge.TimeColumn));
                AddOnce(horizonSchemas, table.Schema);
                needsOffsets = true;
            }
            else
            {
                tables.Add(SinkTable(ir, sink, table, PgTableRole.Sink, sink.From, timeColumn: null));
                needsOffsets |= view?.Layer == ViewLayer.Speed;
            }
        }

        if (tables.Count == 0) return new PgModel(ir.Name, [], [], [], PgNames.WriterRole(ir.Name), PgNames.ReaderRole(ir.Name));

        // Bookkeeping lives next to the pipeline's first table, so one schema grant covers it.
        var ops = schemas[0];
        foreach (var schema in horizonSchemas) tables.Add(Horizon(schema));
        if (needsOffsets) tables.Add(Offsets(ops));
        // Any source can meet a malformed row (_malformed), so every pipeline has a quarantine.
        tables.Add(Quarantine(ops));

        return new PgModel(ir.Name, schemas.ToImmutableArray(), tables.ToImmutableArray(), views.ToImmutableArray(),
            PgNames.WriterRole(ir.Name), PgNames.ReaderRole(ir.Name));
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value)) list.Add(value);
    }

    private static string? RelationOf(RelNode node) => node switch
    {
        ViewScanNode v => v.View,
        ScanNode s => s.Source,
        _ => null,
    };

    private static PgTable SinkTable(PipelineIr ir, SinkIr sink, PgName name, PgTableRole role, string relation, string? timeColumn)
    {
        var key = sink.Key.IsDefault ? ImmutableArray<string>.Empty : sink.Key;
        var columns = sink.Schema.Columns.Select(c => new PgColumn(
            PgQuote.RequireFits(c.Name, sink.Origin),
            PgTypes.Of(c.Type),
            // A key column is NOT NULL even if its type is nullable: PostgreSQL requires it for a primary key.
            NotNull: !c.Type.Nullable || key.Contains(c.Name),
            c.Doc)).ToImmutableArray();

        var indexes = new List<PgIndex>();
        foreach (var index in sink.Indexes.IsDefault ? [] : sink.Indexes)
            AddIndex(indexes, name.Name, index, key);
        if (timeColumn is not null) AddIndex(indexes, name.Name, [timeColumn], key);

        var checks = new List<PgCheck>();
        var skipped = new List<PgSkippedCheck>();
        foreach (var expectation in ExpectationTracer.For(ir, relation))
        {
            var rule = expectation.Expectation.Name;
            if (expectation.Predicate is null) { skipped.Add(new PgSkippedCheck(expectation.Source, rule, expectation.SkipReason!)); continue; }
            if (!PgExpressionTranslator.TryTranslate(expectation.Predicate, out var sql, out var reason))
            {
                skipped.Add(new PgSkippedCheck(expectation.Source, rule, reason));
                continue;
            }
            checks.Add(new PgCheck(PgNames.Check(name.Name, rule, sql), sql, expectation.Source, rule));
        }

        var view = ir.FindView(sink.From);
        var comment = role switch
        {
            PgTableRole.ServingBatch => $"Batch layer of {sink.Table}: rows before the horizon in {name.Schema}.{HorizonTable}.",
            PgTableRole.ServingSpeed => $"Speed layer of {sink.Table}: rows at or after the horizon in {name.Schema}.{HorizonTable}.",
            _ => sink.Doc ?? view?.Doc,
        };
        return new PgTable(name, role, columns, key.IsEmpty ? null : PgNames.PrimaryKey(name.Name), key,
            indexes.ToImmutableArray(), checks.ToImmutableArray(), skipped.ToImmutableArray(), comment, sink.Name, sink.Origin);
    }

    /// <summary>An index equal to a prefix of the primary key is redundant: the key's own index serves it.</summary>
    private static void AddIndex(List<PgIndex> indexes, string table, ImmutableArray<string> columns, ImmutableArray<string> key)
    {
        if (columns.IsDefaultOrEmpty) return;
        if (key.Length >= columns.Length && key.Take(columns.Length).SequenceEqual(columns)) return;
        if (indexes.Any(i => i.Columns.SequenceEqual(columns))) return;
        indexes.Add(new PgIndex(PgNames.Index(table, columns), columns));
    }

    /// <summary>
    /// The serving rule, in SQL: batch rows strictly before the horizon, speed rows at or after it.
    /// Before the first batch run there is no horizon row, so the batch side is empty and the speed
    /// side shows everything (COALESCE to -infinity).
    /// </summary>
    private static PgView ServingView(SinkIr sink, ViewIr view, PgName name, PgName batch, PgName speed, string timeColumn)
    {
        var columns = sink.Schema.Columns.Select(c => c.Name).ToImmutableArray();
        var list = string.Join(", ", columns.Select(PgQuote.Ident));
        var horizon = $"(SELECT h.\"horizon\" FROM {PgQuote.Qualified(name.Schema, HorizonTable)} AS h WHERE h.\"serving_view\" = {PgQuote.Literal(view.Name)})";
        var time = PgQuote.Ident(timeColumn);
        var query =
            $"SELECT {list}\nFROM {PgQuote.Qualified(batch.Schema, batch.Name)}\nWHERE {time} < {horizon}\n" +
            $"UNION ALL\n" +
            $"SELECT {list}\nFROM {PgQuote.Qualified(speed.Schema, speed.Name)}\nWHERE {time} >= COALESCE({horizon}, '-infinity'::timestamp with time zone)";
        return new PgView(name, columns, query, [batch, speed], sink.Doc ?? view.Doc, sink.Name, sink.Origin);
    }

    private static PgTable Bookkeeping(PgName name, PgTableRole role, ImmutableArray<PgColumn> columns, ImmutableArray<string> key,
        ImmutableArray<PgIndex> indexes, string comment) =>
        new(name, role, columns, PgNames.PrimaryKey(name.Name), key, indexes, [], [], comment, null, Origin.None);

    private static PgTable Horizon(string schema) => Bookkeeping(new PgName(schema, HorizonTable), PgTableRole.Horizon,
        [
            new PgColumn("serving_view", "text", true, "The serving view this horizon splits."),
            new PgColumn("horizon", "timestamp with time zone", true, "Batch rows are served before it, speed rows at or after it."),
            new PgColumn("updated_at", "timestamp with time zone", true, null, "now()"),
        ],
        ["serving_view"], [],
        "The batch horizon of each serving view: one row per view, updated by the batch job when it commits.");

    private static PgTable Offsets(string schema) => Bookkeeping(new PgName(schema, OffsetsTable), PgTableRole.Offsets,
        [
            new PgColumn("consumer_group", "text", true),
            new PgColumn("topic", "text", true),
            new PgColumn("partition", "integer", true),
            new PgColumn("next_offset", "bigint", true, "The next offset to read; written in the same transaction as the results."),
            new PgColumn("updated_at", "timestamp with time zone", true, null, "now()"),
        ],
        ["consumer_group", "topic", "partition"], [],
        "Kafka offsets committed with the speed layer's writes, for exactly-once results.");

    private static PgTable Quarantine(string schema) => Bookkeeping(new PgName(schema, QuarantineTable), PgTableRole.Quarantine,
        [
            new PgColumn("id", "bigint", true, null, null, Identity: true),
            new PgColumn("run_id", "text", true, "The run that quarantined the row."),
            new PgColumn("source", "text", true, "The source (or speed view, for late events) the row came from."),
            new PgColumn("rule", "text", true, "The expectation violated, or _malformed / _late."),
            new PgColumn("reason", "text", true),
            new PgColumn("row", "jsonb", true, "The original row as read."),
            new PgColumn("quarantined_at", "timestamp with time zone", true, null, "now()"),
        ],
        ["id"], [new PgIndex(PgNames.Index(QuarantineTable, ["source", "rule"]), ["source", "rule"])],
        "Rows set aside by cleaning: never lost, counted per rule.");
}
