using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Testing;

namespace Pulse.Runtime.Tests.Testing;

public class DiffRowTextTests
{
    private static readonly RelSchema Schema = new([new Column("a", PulseType.String), new Column("b", PulseType.Long), new Column("c", PulseType.String)]);

    [Fact]
    public void Speed_row_text_becomes_cells_in_schema_order_even_with_commas_and_quotes_in_strings()
    {
        var row = DiffRowText.Parse("""{ c: null, b: 3, a: "x, \"y\": z" }""", Schema);
        Assert.Equal([new DiffCell("a", "\"x, \\\"y\\\": z\""), new DiffCell("b", "3"), new DiffCell("c", "null")], row.Cells.ToArray());
    }

    [Fact]
    public void Text_of_another_shape_stays_text()
    {
        var row = DiffRowText.Parse("not a row", Schema);
        Assert.True(row.Cells.IsEmpty);
        Assert.Equal("not a row", row.Text);
    }
}
