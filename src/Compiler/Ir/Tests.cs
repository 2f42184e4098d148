using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

/// <summary>A row of a test: column name to a constant (typed to the relation's column).</summary>
public sealed record TestRow(ImmutableSortedDictionary<string, LiteralExpr> Values, Origin Origin);

/// <summary>A stream event with its arrival time, or (when <see cref="Row"/> is null) a watermark move.</summary>
public sealed record TestEvent(DateTimeOffset At, TestRow? Row, Origin Origin)
{
    public bool IsWatermark => Row is null;
}

/// <summary>Input for one source: rows for batch sources, events (in order) for streams.</summary>
public sealed record TestGiven(string Source, ImmutableArray<TestRow> Rows, ImmutableArray<TestEvent> Events, Origin Origin);

public sealed record TestExpected(string View, ImmutableArray<TestRow> Rows, Origin Origin);

public sealed record TestIr(string Name, ImmutableArray<TestGiven> Given, ImmutableArray<TestExpected> Expected, Origin Origin);
