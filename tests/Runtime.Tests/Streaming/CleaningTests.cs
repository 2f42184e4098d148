using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Expressions.Cleaning;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

public class CleaningTests
{
    private static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static (CleanVerdict Verdict, string Row) Clean(StreamCleaner cleaner, SourceIr source, params object?[] input)
    {
        var row = new object?[cleaner.Width];
        input.CopyTo(row, 0);
        var verdict = cleaner.Clean(row, 0);
        var output = source.Schema.Columns.Select(c => row[cleaner.OutputLayout.Ordinal(c.Name)]).ToArray();
        return (verdict, RowText.Of(output));
    }

    [Fact]
    public void Food_prices_are_trimmed_lowered_and_checked_per_row()
    {
        var source = StreamSpecs.FoodPrices();
        var cleaner = new StreamCleaner(source, Now);
        var at = new DateTime(2024, 6, 1, 2, 1, 43, DateTimeKind.Utc);

        var kept = Clean(cleaner, source, "  Aden ", "Yemen", " Rice", 0.8283m, "KG", at);
        Assert.Equal((CleanAction.Keep, "Aden|Yemen|rice|0.8283|kg|2024-06-01T02:01:43Z"), (kept.Verdict.Action, kept.Row));

        var bag = Clean(cleaner, source, "Kabul", "Afghanistan", "Sorghum", 0.4412m, "bag", at).Verdict;
        Assert.Equal((CleanAction.Quarantine, "per_kilogram"), (bag.Action, bag.Rule));
        Assert.Equal("expectation per_kilogram failed: unit == \"kg\" (unit = \"bag\")", bag.Reason);

        var free = Clean(cleaner, source, "Kabul", "Afghanistan", "beans", 0.0000m, "kg", at).Verdict;
        Assert.Equal("expectation positive_price failed: price_usd > 0 (price_usd = 0.0000)", free.Reason);

        var rules = cleaner.Rules.ToDictionary(r => r.Rule);
        Assert.Equal((3L, 1L, 1L), (rules["positive_price"].Checked, rules["positive_price"].Violations, rules["positive_price"].Quarantined));
        Assert.Equal((2L, 1L, 1L), (rules["per_kilogram"].Checked, rules["per_kilogram"].Violations, rules["per_kilogram"].Quarantined));
    }

    [Fact]
    public void Casts_that_do_not_convert_make_the_row_malformed_with_the_batch_layers_reason()
    {
        var source = SourceBuilder.Kafka("orders", "o.ndjson").Field("day", E.N(E.Text)).Field("amount", E.N(E.Text))
            .Cast("day", E.Date, "dd/MM/yyyy").Cast("amount", E.Decimal(12, 2)).Build();
        var cleaner = new StreamCleaner(source, Now);

        Assert.Equal("2024-03-02|19.90", Clean(cleaner, source, "02/03/2024", "19.90").Row);
        Assert.Equal("2024-03-02|∅", Clean(cleaner, source, "2/3/2024", null).Row);
        var badDate = Clean(cleaner, source, "2024-04-05", "9.99").Verdict;
        Assert.Equal((CleanAction.Quarantine, "_malformed", "column day: '2024-04-05' is not a date in the format dd/MM/yyyy"), (badDate.Action, badDate.Rule, badDate.Reason));
        var badAmount = Clean(cleaner, source, "06/04/2024", "not-a-number").Verdict;
        Assert.Equal("column amount: 'not-a-number' is not a valid decimal(12, 2)", badAmount.Reason);
        Assert.Equal(2, cleaner.Rules.Where(r => r.Kind == "cast").Sum(r => r.Quarantined));
    }

    [Fact]
    public void Fill_derive_rename_and_drop_where_shape_the_row_in_order()
    {
        var b = SourceBuilder.Kafka("d", "d.ndjson").Field("entity", E.Text).Field("year", E.Int).Field("deaths", E.N(E.Long));
        b.Trim("entity").Fill(E.Int32(0), "deaths");
        b.DropWhere(E.Eq(b.Col("entity"), E.Str("All natural disasters")));
        b.Derive("decade", E.Sub(b.Col("year"), E.Mod(b.Col("year"), E.Int32(10))));
        b.Rename("entity", "kind");
        var source = b.Build();
        var cleaner = new StreamCleaner(source, Now);

        Assert.Equal("Flood|1931|0|1930", Clean(cleaner, source, " Flood ", 1931, null).Row);
        var dropped = Clean(cleaner, source, "All natural disasters", 1921, 150L).Verdict;
        Assert.Equal((CleanAction.Drop, "drop where entity == \"All natural disasters\""), (dropped.Action, dropped.Rule));
        Assert.Equal(["kind", "year", "deaths", "decade"], source.Schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public void A_fail_expectation_without_a_threshold_stops_at_the_first_violation()
    {
        var b = SourceBuilder.Kafka("s", "s.ndjson").Field("n", E.N(E.Int));
        b.ExpectRow("positive", E.Gt(b.Col("n"), E.Int32(0)), ViolationAction.Fail);
        var source = b.Build();
        var cleaner = new StreamCleaner(source, Now);
        Assert.Equal(CleanAction.Keep, Clean(cleaner, source, 1).Verdict.Action);
        var error = Assert.Throws<PulseRunException>(() => Clean(cleaner, source, -1));
        Assert.Equal(RuntimeCodes.ExpectationFailed, error.Error.Code);
        Assert.Contains("expectation positive failed", error.Error.Message);
    }

    [Fact]
    public void Thresholds_are_judged_on_the_running_counts()
    {
        var b = SourceBuilder.Kafka("s", "s.ndjson").Field("n", E.N(E.Int));
        b.ExpectRow("mostly_positive", E.Gt(b.Col("n"), E.Int32(0)), ViolationAction.Quarantine, failAbove: 0.25);
        b.ExpectRow("small", E.Lt(b.Col("n"), E.Int32(100)), ViolationAction.Warn, warnAbove: 0.1);
        var source = b.Build();
        var cleaner = new StreamCleaner(source, Now);

        foreach (var n in new[] { 1, 2, 3, -4, 500 }) Clean(cleaner, source, n);
        var warning = Assert.Single(cleaner.CheckThresholds());
        Assert.Equal(RuntimeCodes.ExpectationWarning, warning.Code);
        Assert.Contains("1 of 4 events (25%) so far violate it, above the 10% tolerated", warning.Message);
        Assert.Empty(cleaner.CheckThresholds()); // each warning once

        Clean(cleaner, source, -5);
        var error = Assert.Throws<PulseRunException>(() => cleaner.CheckThresholds());
        Assert.Contains("2 of 6 events (33.33%) so far violate it, above the 25% allowed", error.Error.Message);
    }

    [Fact]
    public void Unique_flags_repeats_of_a_key_but_never_keys_with_a_null_part()
    {
        var b = SourceBuilder.Kafka("s", "s.ndjson").Field("id", E.N(E.Text)).Field("n", E.Int);
        b.Expect("one_per_id", new UniqueRule(["id"]), ViolationAction.Drop);
        var source = b.Build();
        var cleaner = new StreamCleaner(source, Now);
        Assert.Equal(CleanAction.Keep, Clean(cleaner, source, "a", 1).Verdict.Action);
        Assert.Equal(CleanAction.Drop, Clean(cleaner, source, "a", 2).Verdict.Action);
        Assert.Equal(CleanAction.Keep, Clean(cleaner, source, null, 3).Verdict.Action);
        Assert.Equal(CleanAction.Keep, Clean(cleaner, source, null, 4).Verdict.Action);
    }

    [Fact]
    public void Whole_input_rules_are_reported_as_not_enforced_on_a_stream()
    {
        var b = SourceBuilder.Kafka("s", "s.ndjson").Field("id", E.Text).Field("at", E.Timestamp);
        b.Expect("known", new ReferenceRule("id", "customers", "id"), ViolationAction.Quarantine)
         .Expect("enough", new RowCountRule(1, 10), ViolationAction.Fail)
         .Dedupe(["id"], DedupeKeep.Latest, "at");
        var cleaner = new StreamCleaner(b.Build(), Now);
        Assert.Equal(3, cleaner.Unchecked.Count);
        Assert.Contains(cleaner.Unchecked, n => n.Contains("known (id references customers.id)"));
        Assert.Contains(cleaner.Unchecked, n => n.Contains("keep latest"));
        Assert.Equal("not checked by the speed layer: the rule needs the whole input, which a stream never has", cleaner.Rules.Single(r => r.Rule == "enough").Detail);
    }
}
