using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common.Expectations;

/// <summary>
/// Finds which source row expectations still hold for the rows of a relation, so sinks can enforce
/// them again (CHECK constraints, ingest-pipeline guards) without over-constraining.
///
/// Why tracing is needed: an expectation constrains the *source* row; the sink sees rows after
/// joins, projections and aggregations. A predicate survives only if each column it reads reaches the
/// output unchanged and from the same input row. Filters, sorts and limits only remove rows; a
/// projection of a bare column (possibly renamed) keeps it; group keys keep their row; a
/// <c>min/max/first/last</c> aggregate keeps one of the input values, so a one-column predicate
/// survives it; union and the serving merge hold a predicate only when both inputs do. Anything
/// computed is dropped. This is conservative by design: a missed CHECK costs nothing, a wrong one
/// rejects valid data.
/// </summary>
public static class ExpectationTracer
{
    /// <summary>The expectations of every source upstream of <paramref name="relation"/>, in source then spec order.</summary>
    public static ImmutableArray<SinkExpectation> For(PipelineIr ir, string relation)
    {
        var branches = Trace(ir, relation, new ScanCounter());
        var upstream = UpstreamSources(ir, relation);
        var result = ImmutableArray.CreateBuilder<SinkExpectation>();
        foreach (var source in upstream)
        {
            foreach (var (expectation, predicate, reason) in SourceGuarantees.Of(source))
            {
                if (predicate is null) { result.Add(new SinkExpectation(source.Name, expectation, null, reason)); continue; }
                var rewritten = RewriteInEveryBranch(branches, source.Name, predicate);
                result.Add(rewritten is null
                    ? new SinkExpectation(source.Name, expectation, null, "its columns do not reach this sink unchanged")
                    : new SinkExpectation(source.Name, expectation, rewritten, null));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Sources read (directly or through views) by the relation, in the IR's source order.</summary>
    public static ImmutableArray<SourceIr> UpstreamSources(PipelineIr ir, string relation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        CollectSources(ir, relation, names, new HashSet<string>(StringComparer.Ordinal));
        return ir.Sources.Where(s => names.Contains(s.Name)).ToImmutableArray();
    }

    private static void CollectSources(PipelineIr ir, string relation, HashSet<string> sources, HashSet<string> seen)
    {
        if (!seen.Add(relation)) return;
        if (ir.FindSource(relation) is not null) { sources.Add(relation); return; }
        if (ir.FindView(relation) is not { } view) return;
        foreach (var node in Descendants(view.Root))
        {
            if (node is ScanNode scan) sources.Add(scan.Source);
            else if (node is ViewScanNode viewScan) CollectSources(ir, viewScan.View, sources, seen);
        }
    }

    private static IEnumerable<RelNode> Descendants(RelNode node)
    {
        yield return node;
        foreach (var input in node.Inputs)
            foreach (var inner in Descendants(input)) yield return inner;
    }

    private static Expr? RewriteInEveryBranch(ImmutableArray<Branch> branches, string source, Expr predicate)
    {
        if (branches.IsEmpty) return null;
        var referenced = ColumnsOf(predicate);
        Expr? agreed = null;
        string? agreedKey = null;
        foreach (var branch in branches)
        {
            var rewritten = RewriteInBranch(branch, source, predicate, referenced);
            if (rewritten is null) return null;
            var key = ExprKey.Of(rewritten);
            if (agreedKey is not null && agreedKey != key) return null;
            agreed = rewritten;
            agreedKey = key;
        }
        return agreed;
    }

    private static Expr? RewriteInBranch(Branch branch, string source, Expr predicate, ImmutableArray<string> referenced)
    {
        // Try every scan of the source in this branch (a self-join has two); the first that carries
        // all referenced columns with one shared row token wins.
        foreach (var scan in branch.Columns.Values.Where(p => p.Source == source).Select(p => p.ScanId).Distinct().Order())
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            int? token = null;
            var ok = true;
            foreach (var column in referenced)
            {
                var output = branch.Order.FirstOrDefault(name =>
                    branch.Columns[name] is var p && p.ScanId == scan && p.SourceColumn == column);
                if (output is null) { ok = false; break; }
                var provenance = branch.Columns[output];
                if (referenced.Length > 1 && token is not null && token != provenance.RowToken) { ok = false; break; }
                token = provenance.RowToken;
                names[column] = output;
            }
            if (ok) return ExprRewriter.RenameColumns(predicate, names);
        }
        return null;
    }

    public static ImmutableArray<string> ColumnsOf(Expr expr)
    {
        var names = new List<string>();
        ExprRewriter.Visit(expr, e => { if (e is ColumnRef c && !names.Contains(c.Name)) names.Add(c.Name); });
        return names.ToImmutableArray();
    }

    // ---- provenance -------------------------------------------------------------------------

    /// <summary>Where an output column's value comes from: a source column of one scan, and the row it belongs to.</summary>
    private sealed record Provenance(int ScanId, string Source, string SourceColumn, int RowToken);

    /// <summary>One way a row can be produced (unions and merges have several); column name to provenance.</summary>
    private sealed record Branch(ImmutableDictionary<string, Provenance> Columns, ImmutableArray<string> Order)
    {
        public static Branch Of(IEnumerable<(string Name, Provenance Provenance)> columns)
        {
            var list = columns.ToList();
            return new Branch(list.ToImmutableDictionary(c => c.Name, c => c.Provenance, StringComparer.Ordinal), list.Select(c => c.Name).ToImmutableArray());
        }
    }

    private sealed class ScanCounter { public int Next; }

    private static ImmutableArray<Branch> Trace(PipelineIr ir, string relation, ScanCounter counter)
    {
        if (ir.FindSource(relation) is { } source) return [ScanBranch(source.Name, source.Schema, counter)];
        if (ir.FindView(relation) is { } view) return Trace(ir, view.Root, counter);
        return [];
    }

    private static Branch ScanBranch(string source, RelSchema schema, ScanCounter counter)
    {
        var id = ++counter.Next;
        return Branch.Of(schema.Columns.Select(c => (c.Name, new Provenance(id, source, c.Name, id))));
    }

    private static ImmutableArray<Branch> Trace(PipelineIr ir, RelNode node, ScanCounter counter) => node switch
    {
        ScanNode scan => [ScanBranch(scan.Source, ir.FindSource(scan.Source)?.Schema ?? scan.Schema, counter)],
        ViewScanNode viewScan => Trace(ir, viewScan.View, counter),
        FilterNode filter => Trace(ir, filter.Input, counter),
        SortNode sort => Trace(ir, sort.Input, counter),
        LimitNode limit => Trace(ir, limit.Input, counter),
        ProjectNode project => Trace(ir, project.Input, counter).Select(b => Project(b, project.Columns)).ToImmutableArray(),
        AggregateNode aggregate => Trace(ir, aggregate.Input, counter).Select(b => Aggregate(b, aggregate, counter)).ToImmutableArray(),
        JoinNode join => Join(Trace(ir, join.Left, counter), Trace(ir, join.Right, counter), join),
        UnionNode union => [.. Trace(ir, union.Left, counter), .. Trace(ir, union.Right, counter)],
        ServeMergeNode merge => [.. Trace(ir, merge.Batch, counter), .. Trace(ir, merge.Speed, counter)],
        _ => [],
    };

    private static Branch Project(Branch input, ImmutableArray<NamedExpr> columns) =>
        Branch.Of(columns
            .Where(c => c.Expr is ColumnRef { Input: 0 } r && input.Columns.ContainsKey(r.Name))
            .Select(c => (c.Name, input.Columns[((ColumnRef)c.Expr).Name])));

    private static Branch Aggregate(Branch input, AggregateNode node, ScanCounter counter)
    {
        var columns = new List<(string, Provenance)>();
        foreach (var key in node.Keys)
            if (key.Expr is ColumnRef { Input: 0 } r && input.Columns.TryGetValue(r.Name, out var p)) columns.Add((key.Name, p));
        foreach (var aggregate in node.Aggregates)
        {
            if (aggregate.Function is not (AggregateFunction.Min or AggregateFunction.Max or AggregateFunction.First or AggregateFunction.Last)) continue;
            if (aggregate.Argument is ColumnRef { Input: 0 } r && input.Columns.TryGetValue(r.Name, out var p))
                columns.Add((aggregate.Name, p with { RowToken = -(++counter.Next) }));   // one value, from some other row
        }
        return Branch.Of(columns);
    }

    private static ImmutableArray<Branch> Join(ImmutableArray<Branch> left, ImmutableArray<Branch> right, JoinNode join)
    {
        var result = ImmutableArray.CreateBuilder<Branch>();
        foreach (var l in left)
            foreach (var r in right)
            {
                var columns = new List<(string, Provenance)>();
                foreach (var output in join.Outputs)
                {
                    var side = output.Side == JoinSide.Left ? l : r;
                    if (side.Columns.TryGetValue(output.InputColumn, out var p)) columns.Add((output.Name, p));
                }
                result.Add(Branch.Of(columns));
            }
        return result.ToImmutable();
    }
}
