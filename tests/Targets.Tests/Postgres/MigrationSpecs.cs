using Pulse.Compiler.Ir;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

/// <summary>
/// One small pipeline in successive versions, as a data engineer would edit it:
/// v1 the first release; v2 adds a nullable column and an index; v3 widens two types;
/// v4 drops the column and changes the key (destructive).
/// </summary>
public static class MigrationSpecs
{
    public static PipelineIr Version(int version)
    {
        var b = new PipelineBuilder("stock_levels");
        var s = new SourceBuilder("items", SourceFormat.Csv).Options(o => o with { Path = "data/items.csv" })
            .Field("sku", T.String).Field("warehouse", T.String)
            .Field("qty", version >= 3 ? T.Long : T.Int)
            .Field("price", version >= 3 ? T.Decimal(14, 2) : T.Decimal(10, 2));
        if (version is 2 or 3) s.Field("note", T.Opt(T.String));
        s.Expect("qty_not_negative", E.Ge(s.Col("qty"), E.Int(0)), ViolationAction.Quarantine);
        var source = b.Source(s.Build());
        var scan = Rel.Scan(source);
        var view = b.View("current_stock", ViewLayer.Batch, scan.Select(source.Schema.Columns.Select(c => c.Name).ToArray()), doc: "Stock per item.");
        b.Sink(PipelineBuilder.NewSink("stock_table", SinkKind.Postgres, view.Name, view.Schema) with
        {
            Table = new TableName("inv", "stock"),
            Key = version >= 4 ? ["sku"] : ["sku", "warehouse"],
            Indexes = version >= 2 ? [["qty"]] : [],
            Mode = WriteMode.Upsert,
        });
        return b.Build();
    }
}
