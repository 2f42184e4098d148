using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Expressions.Cleaning;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Every example's cleaning rules and expectations over the same typed rows (read by the batch layer's own
/// readers), once through the batch layer's DuckDB SQL (<see cref="SourceCleaner"/>) and once through the
/// speed layer's compiled steps (<see cref="StreamCleaner"/>): the same rows kept with the same values, the
/// same rows dropped and quarantined by the same rules, the same counts per rule. Rules a stream cannot
/// judge (references, row_count, freshness, dedupe keep latest) are left out of both sides.
/// </summary>
public sealed class CleaningParityTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 6, 3, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string> FileSources => new()
    {
        { "world-hunger.pulse", "gapminder" }, { "world-hunger.pulse", "countries" }, { "world-hunger.pulse", "disasters" },
        { "world-hunger.pulse", "food_prices" }, { "orders.pulse", "orders" }, { "orders.pulse", "returns" },
        { "orders.pulse", "customers" }, { "clickstream.pulse", "clicks" },
    };

    [Theory]
    [MemberData(nameof(FileSources))]
    public async Task An_examples_source_is_cleaned_identically_by_both_layers(string file, string name)
    {
        var pipeline = Examples.Lower(file);
        var source = StreamComparable(pipeline.FindSource(name)!);
        using var db = Open();
        var typed = await TypedTableAsync(db, pipeline, source);
        Compare(db, source, typed);
    }

    [Fact]
    public void Product_search_sources_are_cleaned_identically_by_both_layers()
    {
        // products (http), stock (postgres) and reviews (elasticsearch) have no local files: typed rows written here.
        var pipeline = Examples.Lower("product-search.pulse");
        using var db = Open();
        var products = StreamComparable(pipeline.FindSource("products")!);
        var at = new DateTime(2024, 6, 1, 8, 0, 0, DateTimeKind.Utc);
        Compare(db, products, Typed(db, products,
        [
            ["sku-1", "  Lamp ", null, 12.50m, null, at, null],
            ["ab", "Chair", "wood", 40.00m, "furniture", at, "{\"width_cm\": 40.5, \"height_cm\": null}"],
            [new string('x', 33), "\tDesk\u00A0", "", 99.99m, "furniture", at, null],
            ["sku-4", "Mug", null, 0.01m, "", at.AddDays(-30), null],
        ]));
        var stock = StreamComparable(pipeline.FindSource("stock")!);
        Compare(db, stock, Typed(db, stock, [["sku-1", "north", 5], ["sku-1", "south", -2], ["sku-2", "north", 0]]));
    }

    [Fact]
    public void Every_step_kind_with_nulls_decimals_dates_and_offsets_is_cleaned_identically_by_both_layers()
    {
        var b = SourceBuilder.Kafka("kitchen", "k.ndjson")
            .Field("id", E.N(E.Text)).Field("amount", E.N(E.Text)).Field("day", E.N(E.Text)).Field("at", E.N(E.Text)).Field("qty", E.N(E.Int)).Field("price", E.N(E.Decimal(10, 4)));
        b.Trim("id").Upper("id").Cast("amount", E.Decimal(8, 2)).Cast("day", E.Date, "dd/MM/yyyy").Cast("at", E.Timestamp, "yyyy-MM-dd HH:mm:sszzz")
            .Fill(E.Int32(1), "qty");
        b.Derive("total", new BinaryExpr(E.N(E.Decimal(21, 4)), BinaryOp.Multiply, b.Col("qty"), b.Col("price")));
        b.Derive("month", E.Call("date_trunc", E.N(E.Timestamp), E.Str("month"), b.Col("at")));
        b.DropWhere(E.Eq(b.Col("id"), E.Str("DROP")));
        b.Dedupe(["id", "day"]);
        b.ExpectRow("positive", E.Gt(b.Col("amount"), E.Int32(0)), ViolationAction.Quarantine);
        b.ExpectRow("known_qty", E.Between(b.Col("qty"), E.Int32(1), E.Int32(100)), ViolationAction.Drop);
        b.ExpectRow("cheap", E.Lt(b.Col("total"), E.Int32(50)), ViolationAction.Warn);
        b.Expect("one_per_id", new UniqueRule(["id"]), ViolationAction.Quarantine);
        b.Rename("total", "line_total");
        var source = b.Build();
        using var db = Open();
        Compare(db, source, Typed(db, source,
        [
            [" a ", "10.005", "05/03/2024", "2024-03-05 10:00:00+02:00", 2, 1.2345m],
            ["b", " 3 ", "5/3/2024", "2024-03-05 23:30:00-05:00", null, 0.5m],
            ["a", "1", "05/03/2024", "2024-03-05 10:00:00Z", 1, 2m],
            ["c", "-1", "01/01/2024", null, 3, null],
            ["d", "abc", "01/01/2024", null, 3, 1m],
            ["e", "5", "2024-01-01", null, 3, 1m],
            ["f", "5", "01/01/2024", "yesterday", 3, 1m],
            ["drop", "5", "01/01/2024", null, 3, 1m],
            [null, "7.5", null, null, 500, 99.9999m],
            ["g", "7.5", "29/02/2024", "2024-02-29 12:00:00+00:00", 40, 99.9999m],
            ["a", "2", "06/03/2024", null, 1, 1m],
        ]));
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "SET TimeZone = 'UTC'");
        return connection;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The source without the steps a stream cannot judge (both layers then run the same rules).</summary>
    private static SourceIr StreamComparable(SourceIr source) => source with
    {
        Steps = [.. source.Steps.Where(s => s is not ExpectStep { Expectation.Rule: ReferenceRule or RowCountRule or FreshnessRule }
                                            and not DedupeStep { Keep: DedupeKeep.Latest })],
    };

    private int scratch;
    private string Scratch(string hint) => SqlText.Identifier(hint + "_" + (++scratch).ToString(CultureInfo.InvariantCulture));

    /// <summary>The batch layer's typed table of a file-based source, read by its own reader.</summary>
    private async Task<string> TypedTableAsync(DuckDBConnection db, PipelineIr pipeline, SourceIr source)
    {
        var context = new SourceReadContext
        {
            Connection = db, Pipeline = pipeline, Source = source, RawTable = Scratch("raw"), ScratchTable = Scratch,
            ScratchTableParts = hint => ("memory", "main", hint + "_" + (++scratch).ToString(CultureInfo.InvariantCulture)),
            StateCatalog = "memory", StateDirectory = temp.Path, Options = new RunOptions(),
            ResolveConnection = n => new ResolvedConnection(pipeline.FindConnection(n)!, null, new EnvironmentSecretProvider()),
        };
        var raw = await SourceReaders.For(source, null).ReadAsync(context, default);
        var typed = Scratch("typed");
        Execute(db, SourceConversion.CreateTypedTableSql(raw, source, typed));
        return typed;
    }

    /// <summary>A typed table written directly (bookkeeping columns plus the input fields).</summary>
    private string Typed(DuckDBConnection db, SourceIr source, object?[][] rows)
    {
        var name = "typed_" + (++scratch).ToString(CultureInfo.InvariantCulture);
        var schema = R.Schema([new Column(RawInput.Position, E.Long), new Column(RawInput.Row, PulseType.Json), new Column(RawInput.Error, E.N(E.Text)),
            .. source.InputFields.Select(f => new Column(f.Name, f.Type))]);
        DuckDbRowLoader.Load(db, "memory", "main", name, schema, rows.Select((r, i) => (object?[])[(long)(i + 1), "{}", null, .. r]));
        return SqlText.Identifier(name);
    }

    private void Compare(DuckDBConnection db, SourceIr source, string typed)
    {
        // The batch layer.
        var quarantine = Scratch("quarantine");
        Execute(db, QuarantineTable.CreateSql(quarantine));
        var output = Scratch("out");
        var batch = new SourceCleaner(new CleaningContext
        {
            Connection = db, Source = source, RunId = "parity", Now = SqlLiterals.Timestamp(Now), ScratchTable = Scratch,
            Quarantine = quarantine, RelationTable = _ => throw new InvalidOperationException("no references in parity runs"),
        });
        var batchReport = batch.Clean(typed, output, keepPosition: true, skipWholeInputRules: true);
        var batchKept = Query(db, $"SELECT {SqlText.Join(source.Schema.Columns.Select(c => Shown(c)).Prepend(SqlText.Identifier(RawInput.Position)))} FROM {output} ORDER BY 1");
        var batchOut = Query(db, $"SELECT position, rule FROM {quarantine} ORDER BY position, rule");

        // The speed layer, over the rows the batch layer could convert (conversion of raw input is tested on its own).
        var cleaner = new StreamCleaner(source, Now.UtcDateTime);
        var speedKept = new List<string>();
        var speedOut = new List<string>();
        var fields = source.InputFields.Select(f => new Column(f.Name, f.Type)).ToList();
        var inputs = QueryValues(db, $"SELECT {SqlText.Identifier(RawInput.Position)}, {SqlText.Join(fields.Select(Shown))} FROM {typed} " +
                                     $"WHERE {SqlText.Identifier(RawInput.Error)} IS NULL ORDER BY 1");
        foreach (var input in inputs)
        {
            var row = new object?[cleaner.Width];
            for (var i = 0; i < fields.Count; i++) row[i] = Clr(input[i + 1], fields[i].Type);
            var verdict = cleaner.Clean(row, 0);
            var position = Convert.ToInt64(input[0], CultureInfo.InvariantCulture);
            if (verdict.Action == CleanAction.Keep)
                speedKept.Add(RowText.Of([position, .. source.Schema.Columns.Select(c => Normalize(row[cleaner.OutputLayout.Ordinal(c.Name)]))]));
            else if (verdict.Action == CleanAction.Quarantine) speedOut.Add($"{position}|{verdict.Rule}");
        }
        var conversionFailures = Query(db, $"SELECT {SqlText.Identifier(RawInput.Position)} FROM {typed} WHERE {SqlText.Identifier(RawInput.Error)} IS NOT NULL")
            .Select(p => p + "|_malformed").ToHashSet();

        Assert.Equal(batchKept, speedKept);
        Assert.Equal(batchOut.Where(q => !conversionFailures.Contains(q)), speedOut);
        var speedRules = cleaner.Rules.Where(r => r.Kind != "malformed").Select(Counts);
        var batchRules = batchReport.Rules.Where(r => r.Kind != "malformed").Select(Counts);
        Assert.Equal(batchRules, speedRules);
        Assert.NotEmpty(batchKept);
    }

    private static string Counts(RuleReport r) => $"{r.Rule}: checked {r.Checked}, violations {r.Violations}, dropped {r.Dropped}, quarantined {r.Quarantined}, failed {r.Failed}";

    /// <summary>Nested values as JSON text (how the speed layer holds them), everything else as is.</summary>
    private static string Shown(Column column) => column.Type.Kind is TypeKind.Json or TypeKind.List or TypeKind.Record
        ? $"CAST(to_json({SqlText.Identifier(column.Name)}) AS VARCHAR)"
        : SqlText.Identifier(column.Name);

    private static List<object?[]> QueryValues(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read()) rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        return rows;
    }

    private static List<string> Query(DuckDBConnection db, string sql) => [.. QueryValues(db, sql).Select(r => RowText.Of([.. r.Select(Normalize)]))];

    /// <summary>A DuckDB value as the speed layer holds a value of <paramref name="type"/>.</summary>
    private static object? Clr(object? value, PulseType type) => value switch
    {
        null => null,
        decimal m => DecimalMath.Fit(m, type.Precision, type.Scale),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => value,
    };

    private static object? Normalize(object? value) => value switch
    {
        decimal m => m / 1.0000000000000000000000000000m,
        int i => (long)i,
        _ => value,
    };
}
