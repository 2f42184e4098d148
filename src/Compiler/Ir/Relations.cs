using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Pulse.Compiler.Ir;

/// <summary>
/// A typed relational operator. A view's body is a tree of these whose leaves read a cleaned
/// source (<see cref="ScanNode"/>) or another view (<see cref="ViewScanNode"/>). Every node
/// carries its output schema and the syntax it came from.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(ScanNode), "scan")]
[JsonDerivedType(typeof(ViewScanNode), "viewScan")]
[JsonDerivedType(typeof(FilterNode), "filter")]
[JsonDerivedType(typeof(ProjectNode), "project")]
[JsonDerivedType(typeof(JoinNode), "join")]
[JsonDerivedType(typeof(AggregateNode), "aggregate")]
[JsonDerivedType(typeof(SortNode), "sort")]
[JsonDerivedType(typeof(LimitNode), "limit")]
[JsonDerivedType(typeof(UnionNode), "union")]
[JsonDerivedType(typeof(ServeMergeNode), "serveMerge")]
public abstract record RelNode(RelSchema Schema, Origin Origin)
{
    /// <summary>The inputs, in order (left then right for joins).</summary>
    [JsonIgnore] public abstract ImmutableArray<RelNode> Inputs { get; }
}

/// <summary>Reads a source after its cleaning rules (the source's <see cref="SourceIr.Schema"/>).</summary>
public sealed record ScanNode(RelSchema Schema, Origin Origin, string Source) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [];
}

/// <summary>Reads the output of another view.</summary>
public sealed record ViewScanNode(RelSchema Schema, Origin Origin, string View) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [];
}

public sealed record FilterNode(RelSchema Schema, Origin Origin, RelNode Input, Expr Predicate) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Input];
}

/// <summary>Select or derive: the output is exactly <see cref="Columns"/>, in order (derive passes the input columns through first).</summary>
public sealed record ProjectNode(RelSchema Schema, Origin Origin, RelNode Input, ImmutableArray<NamedExpr> Columns) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Input];
}

public enum JoinKind { Inner, Left }

public enum JoinSide { Left, Right }

/// <summary>Which input column becomes output column <see cref="Name"/>.</summary>
public sealed record JoinOutput(string Name, JoinSide Side, string InputColumn);

/// <summary>
/// An equi- or theta-join. <see cref="Condition"/> references the left input with
/// <c>Input = 0</c> and the right with <c>Input = 1</c>; <see cref="UsingColumns"/> is set when the
/// spec said <c>using (...)</c>, in which case those columns appear once, from the left side.
/// </summary>
public sealed record JoinNode(RelSchema Schema, Origin Origin, RelNode Left, RelNode Right, JoinKind Kind,
    Expr Condition, ImmutableArray<string> UsingColumns, ImmutableArray<JoinOutput> Outputs,
    string? LeftAlias, string? RightAlias) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Left, Right];
}

public enum WindowKind { Tumbling, Hopping, Session }

/// <summary>
/// An event-time window over <see cref="TimeColumn"/>. Sizes are durations. Output columns
/// <c>window_start</c> and <c>window_end</c> precede the grouping keys.
/// </summary>
public sealed record WindowSpec(WindowKind Kind, string TimeColumn, TimeSpan Size, TimeSpan? Slide, TimeSpan? Gap, Origin Origin);

public enum AggregateFunction { Count, CountDistinct, Sum, Avg, Min, Max, First, Last }

/// <param name="Argument">Null for <c>count()</c>.</param>
public sealed record AggregateExpr(string Name, AggregateFunction Function, Expr? Argument, Types.PulseType Type);

/// <summary>Group by: output is [window_start, window_end,] keys, then aggregates.</summary>
public sealed record AggregateNode(RelSchema Schema, Origin Origin, RelNode Input, ImmutableArray<NamedExpr> Keys,
    ImmutableArray<AggregateExpr> Aggregates, WindowSpec? Window) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Input];
}

public sealed record SortKey(Expr Expr, bool Descending);

public sealed record SortNode(RelSchema Schema, Origin Origin, RelNode Input, ImmutableArray<SortKey> Keys) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Input];
}

public sealed record LimitNode(RelSchema Schema, Origin Origin, RelNode Input, long Count) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Input];
}

/// <summary>UNION ALL by column name; both inputs have the same columns (the checker ensures it).</summary>
public sealed record UnionNode(RelSchema Schema, Origin Origin, RelNode Left, RelNode Right) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Left, Right];
}

/// <summary>
/// The Lambda serving merge: rows of <see cref="Batch"/> whose <see cref="TimeColumn"/> is before
/// the batch horizon, plus rows of <see cref="Speed"/> at or after it; on a key present in both,
/// batch wins before the horizon and speed after it.
/// </summary>
public sealed record ServeMergeNode(RelSchema Schema, Origin Origin, RelNode Batch, RelNode Speed,
    ImmutableArray<string> Keys, string TimeColumn) : RelNode(Schema, Origin)
{
    public override ImmutableArray<RelNode> Inputs => [Batch, Speed];
}
