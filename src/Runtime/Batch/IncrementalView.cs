using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Pulse.Compiler.Checks;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// Computes a batch view with <c>incremental on c</c> into the staging database. The first run, a run after the
/// view's definition changed, a run whose previous output is gone or empty, and <c>--full-refresh</c> compute it
/// in full. Otherwise, with the mark m (the greatest c the last published run wrote):
/// <list type="number">
/// <item>the inputs that carry c (<see cref="IncrementalLineage"/>) are read only from the mark on:
/// <c>c &gt;= m OR c IS NULL</c> (rows at the mark are read again, so rows that arrived since with the same value
/// are not lost; nulls have no place relative to the mark and are always reprocessed); other inputs (the far
/// side of a join) are read in full;</item>
/// <item>the staged view is the published rows with <c>c &lt; m</c> followed by the rows computed from those
/// inputs (sorted again when the view ends with <c>order by</c>), so later views and sinks read the whole view
/// and the publish replaces it in the same transaction as everything else (write-audit-publish).</item>
/// </list>
/// That equals a full recompute when the input rows below the mark did not change since (new data is appended):
/// the incremental contract; <c>--full-refresh</c> is the way out when it does not hold.
/// </summary>
internal static class IncrementalView
{
    private const string Marker = "\u0001incremental:";

    public static ViewReport Compute(RunContext run, ViewIr view)
    {
        var column = view.IncrementalColumn!;
        var (leaves, refusal) = IncrementalLineage.Trace(view.Root, column);
        // pulse check reports this as PULSE3040; an IR built by other means still gets a clear error.
        if (refusal is not null)
            throw new PulseRunException(RunError.At(view.Origin, RuntimeCodes.NotSupportedLocally,
                $"view {view.Name} cannot be incremental on {column}: {refusal}",
                "make the column an input column carried unchanged (a group key when the view groups), or remove incremental on"));

        var database = run.Database;
        var fingerprint = Fingerprint(view);
        var published = database.State(StateLayout.Views, view.Name);
        var previous = IncrementalState.Previous(database, view.Name);
        var mark = previous is { } p && p.Column == column && p.Fingerprint == fingerprint && !run.Options.FullRefresh
                   && database.TableExists(database.StateCatalog, StateLayout.Views, view.Name)
            ? p.HighWater
            : null;
        var outputType = DuckDbTypes.Name(view.Schema[column].Type);

        ViewReport report;
        long inputRows, replaced, added;
        if (mark is null)
        {
            report = ViewMaterializer.ComputeFull(run, view);
            inputRows = leaves.Sum(l => Count(database, InputRelation(run, l, null)));
            replaced = previous is null || !database.TableExists(database.StateCatalog, StateLayout.Views, view.Name) ? 0 : Count(database, published);
            added = report.Rows;
        }
        else
        {
            var filtered = leaves.Select((leaf, i) => (Leaf: leaf, Name: Marker + i.ToString(CultureInfo.InvariantCulture))).ToList();
            var root = Replace(view.Root, filtered.ToDictionary<(IncrementalLeaf Leaf, string Name), RelNode, RelNode>(
                f => f.Leaf.Leaf,
                f => f.Leaf.Leaf switch
                {
                    ScanNode scan => (RelNode)(scan with { Source = f.Name }),
                    ViewScanNode scan => scan with { View = f.Name },
                    var other => other,
                }, ReferenceEqualityComparer.Instance));
            // (ReferenceEqualityComparer: nodes are records, and a self-join's two scans are equal by value.)
            var relations = run.Relations(merge => ServingHorizon.Sql(run, merge));
            string Resolve(string name, Func<string, string> normal) =>
                name.StartsWith(Marker, StringComparison.Ordinal) ? InputRelation(run, filtered[int.Parse(name[Marker.Length..], CultureInfo.InvariantCulture)].Leaf, mark) : normal(name);
            var fresh = new DuckDbSqlWriter(relations with
            {
                SourceTable = name => Resolve(name, relations.SourceTable),
                ViewTable = name => Resolve(name, relations.ViewTable),
            }).View(view with { Root = root });

            var kept = $"SELECT * FROM {published} WHERE {SqlText.Identifier(column)} < CAST({SqlText.String(mark)} AS {outputType})";
            var merged = $"({kept} UNION ALL SELECT * FROM ({fresh}))";
            var select = view.Root is SortNode sort
                ? new DuckDbSqlWriter(relations with { ViewTable = _ => merged }).View(view with
                {
                    Root = sort with { Input = new ViewScanNode(view.Schema, view.Origin, Marker + "merged") },
                })
                : $"SELECT * FROM {merged}";
            var table = database.Stage(StateLayout.Views, view.Name);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                database.Execute($"CREATE TABLE {table} AS {select}");
            }
            catch (DuckDBException e)
            {
                throw new PulseRunException(RunError.At(view.Origin, RuntimeCodes.QueryFailed,
                    $"view {view.Name} could not be computed: {RunDatabase.FirstLine(e.Message)}",
                    "a value may be out of range for its type; check the view's arithmetic and casts"), e);
            }
            var rows = Count(database, table);
            var keptRows = Count(database, $"({kept})");
            inputRows = filtered.Sum(f => Count(database, InputRelation(run, f.Leaf, mark)));
            replaced = Count(database, published) - keptRows;
            added = rows - keptRows;
            report = new ViewReport(view.Name, view.Layer.ToString().ToLowerInvariant(), rows, clock.Elapsed.TotalSeconds);
        }

        var highWater = database.Scalar($"SELECT CAST(max({SqlText.Identifier(column)}) AS VARCHAR) FROM {database.Stage(StateLayout.Views, view.Name)}");
        var increment = new IncrementalRun(view.Name, column, fingerprint, mark, highWater,
            mark is null ? IncrementalRun.Full : IncrementalRun.Incremental, inputRows, replaced, added);
        run.Increments.Add(increment);
        if (mark is not null) run.Progress?.Report(new RunEvent(RunEventKind.ViewComputed, view.Name, report.Rows));
        return report with { Incremental = increment };
    }

    /// <summary>An input of the view, read from the mark on (<paramref name="mark"/> null: in full).</summary>
    private static string InputRelation(RunContext run, IncrementalLeaf leaf, string? mark)
    {
        var table = leaf.Leaf switch
        {
            ScanNode scan => run.RelationTable(scan.Source),
            ViewScanNode scan => run.Relations().ViewTable(scan.View),
            _ => throw new InvalidOperationException($"incremental leaf {leaf.Leaf.GetType().Name}"),
        };
        if (mark is null) return table;
        var column = SqlText.Identifier(leaf.Column);
        var type = DuckDbTypes.Name(leaf.Leaf.Schema[leaf.Column].Type);
        return $"(SELECT * FROM {table} WHERE {column} >= CAST({SqlText.String(mark)} AS {type}) OR {column} IS NULL)";
    }

    private static long Count(RunDatabase database, string relation) =>
        long.Parse(database.Scalar($"SELECT count(*) FROM {relation}") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The view's definition as SQL over stable names (not this run's tables or clock), hashed: a changed view is recomputed in full.</summary>
    private static string Fingerprint(ViewIr view)
    {
        var sql = new DuckDbSqlWriter(new RelationContext(s => "source:" + s, v => "view:" + v, "now()")).View(view);
        var text = view.IncrementalColumn + "\n" + sql;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The tree with some nodes (by reference) replaced; the nodes above them are rebuilt.</summary>
    private static RelNode Replace(RelNode node, IReadOnlyDictionary<RelNode, RelNode> replacements)
    {
        if (replacements.TryGetValue(node, out var replacement)) return replacement;
        return node switch
        {
            FilterNode n => n with { Input = Replace(n.Input, replacements) },
            ProjectNode n => n with { Input = Replace(n.Input, replacements) },
            AggregateNode n => n with { Input = Replace(n.Input, replacements) },
            SortNode n => n with { Input = Replace(n.Input, replacements) },
            LimitNode n => n with { Input = Replace(n.Input, replacements) },
            JoinNode n => n with { Left = Replace(n.Left, replacements), Right = Replace(n.Right, replacements) },
            UnionNode n => n with { Left = Replace(n.Left, replacements), Right = Replace(n.Right, replacements) },
            _ => node,
        };
    }
}
