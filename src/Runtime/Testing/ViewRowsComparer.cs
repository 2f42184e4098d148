using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Testing;

/// <summary>
/// Compares the rows a view produced with a test's expected rows as multisets: each expected row must be
/// matched by a distinct produced row, on the columns the expected row names (values compared in the
/// column's type, see <see cref="TestValues"/>); produced rows left over are unexpected.
/// </summary>
internal static class ViewRowsComparer
{
    public static TestOutcome Compare(string test, ViewIr view, TestExpected expected, IReadOnlyList<object?[]> produced)
    {
        var columns = view.Schema.Columns;
        var actual = produced.Select(row => columns.Select((c, i) => TestValues.Normalize(row[i], c.Type)).ToArray()).ToList();
        var missing = new List<DiffRow>();
        foreach (var row in expected.Rows)
        {
            var wanted = new List<(int Index, string Column, object? Value)>();
            foreach (var (name, literal) in row.Values)
            {
                var index = columns.IndexOf(columns.FirstOrDefault(c => c.Name == name)!);
                if (index < 0)
                    return new TestOutcome(test, view.Name, view.Layer, [], [], $"view {view.Name} has no column {name}", row.Origin);
                wanted.Add((index, name, TestValues.Expected(literal, columns[index].Type)));
            }
            var match = actual.FindIndex(a => wanted.All(w => TestValues.Same(w.Value, a[w.Index])));
            if (match >= 0) actual.RemoveAt(match);
            else missing.Add(DiffRow.Of(wanted.OrderBy(w => w.Index).Select(w => new DiffCell(w.Column, TestValues.Text(w.Value)))));
        }
        var unexpected = actual.Select(a => DiffRow.Of(columns.Select((c, i) => new DiffCell(c.Name, TestValues.Text(a[i]))))).ToImmutableArray();
        return new TestOutcome(test, view.Name, view.Layer, [.. missing], unexpected, null, expected.Origin);
    }
}
