using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Testing;

/// <summary>One value of a diff row: the column and the value as short JSON-like text.</summary>
public sealed record DiffCell(string Column, string Value);

/// <summary>
/// A row in a test diff. Batch views give the cells (so a renderer can name the differing columns);
/// the speed layer's runner reports rows as text only, then <see cref="Cells"/> is empty.
/// </summary>
public sealed record DiffRow(ImmutableArray<DiffCell> Cells, string Text)
{
    public static DiffRow Of(IEnumerable<DiffCell> cells)
    {
        var list = cells.ToImmutableArray();
        return new DiffRow(list, "{ " + string.Join(", ", list.Select(c => $"{c.Column}: {c.Value}")) + " }");
    }

    public static DiffRow FromText(string text) => new([], text);
}

/// <summary>
/// The result of one <c>expect view { … }</c> of a test: passed when the rows the view produced equal the
/// expected rows as a multiset; otherwise the expected rows not produced (<see cref="Missing"/>), the rows
/// produced but not expected (<see cref="Unexpected"/>), or an <see cref="Error"/> when the run itself failed.
/// </summary>
public sealed record TestOutcome(
    string Test, string View, ViewLayer Layer,
    ImmutableArray<DiffRow> Missing, ImmutableArray<DiffRow> Unexpected, string? Error, Origin Origin)
{
    public bool Passed => Error is null && Missing.IsEmpty && Unexpected.IsEmpty;
}

/// <summary>All outcomes of one test; the test passes when every expected view does.</summary>
public sealed record TestResult(string Test, ImmutableArray<TestOutcome> Outcomes, Origin Origin)
{
    public bool Passed => Outcomes.All(o => o.Passed);
}
