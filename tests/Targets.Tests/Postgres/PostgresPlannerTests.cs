using System.Collections.Immutable;
using Pulse.Targets.Postgres;
using Pulse.Targets.Postgres.Planning;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

/// <summary>The planner's classification and output, without a database.</summary>
public class PostgresPlannerTests
{
    [Theory]
    [InlineData("integer", "bigint", true)]
    [InlineData("smallint", "integer", true)]
    [InlineData("bigint", "integer", false)]
    [InlineData("numeric(10,2)", "numeric(12,2)", true)]
    [InlineData("numeric(10,2)", "numeric(12,4)", true)]
    [InlineData("numeric(10,2)", "numeric(10,3)", false)]   // one integer digit fewer
    [InlineData("numeric(12,2)", "numeric(10,2)", false)]
    [InlineData("integer", "numeric(10,0)", true)]
    [InlineData("integer", "numeric(9,0)", false)]
    [InlineData("bigint", "numeric(19,0)", true)]
    [InlineData("integer", "double precision", true)]
    [InlineData("bigint", "double precision", false)]       // above 2^53 a double rounds
    [InlineData("integer[]", "bigint[]", true)]
    [InlineData("text", "integer", false)]
    [InlineData("timestamp with time zone", "date", false)]
    public void Type_changes_are_classified(string from, string to, bool widening)
    {
        Assert.Equal(widening, TypeWidening.IsWidening(from, to, out var explanation));
        Assert.NotEmpty(explanation);
    }

    [Fact]
    public void First_plan_is_the_initial_migration_and_equals_the_full_schema_tables()
    {
        var plan = PostgresPlanner.Plan(MigrationSpecs.Version(1), null, new PlanOptions());
        Assert.Equal("postgres/migrations/0001_initial.sql", plan.Migration!.RelativePath);
        Assert.Equal(1, plan.NewState.Migration);
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.CreateTable && c.Subject == "inv.stock");
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.CreateSchema && c.Subject == "inv");
        Assert.Contains("BEGIN;", plan.Migration.Content);
        Assert.EndsWith("COMMIT;\n", plan.Migration.Content);
    }

    [Fact]
    public void Unchanged_spec_plans_nothing()
    {
        var state = SchemaState.From(PostgresModelParser.Parse(MigrationSpecs.Version(2)), 2);
        var plan = PostgresPlanner.Plan(MigrationSpecs.Version(2), state, new PlanOptions());
        Assert.False(plan.HasChanges);
        Assert.Null(plan.Migration);
        Assert.Same(state, plan.NewState);
    }

    [Fact]
    public void Migration_v2_matches_its_baseline()
    {
        var v1 = SchemaState.From(PostgresModelParser.Parse(MigrationSpecs.Version(1)), 1);
        var plan = PostgresPlanner.Plan(MigrationSpecs.Version(2), v1, new PlanOptions());
        Baseline.Match("stock-levels/postgres/migrations/" + Path.GetFileName(plan.Migration!.RelativePath), plan.Migration.Content);
        Baseline.Match("stock-levels/postgres/migrations/0002.explain.txt", plan.Explanation);
    }

    [Fact]
    public void Nullability_and_new_columns_are_classified()
    {
        var v2 = SchemaState.From(PostgresModelParser.Parse(MigrationSpecs.Version(2)), 2);
        var table = v2.Tables.Single(t => t.Name == "stock");
        // Pretend "note" was NOT NULL before and "price" was nullable: dropping NOT NULL is safe, adding it is not.
        var tweaked = table with
        {
            Columns = table.Columns.Select(c => c.Name switch
            {
                "note" => c with { NotNull = true },
                "price" => c with { NotNull = false },
                _ => c,
            }).ToImmutableArray(),
        };
        var previous = v2 with { Tables = [tweaked, .. v2.Tables.Where(t => t != table)] };
        var plan = PostgresPlanner.Plan(MigrationSpecs.Version(2), previous, new PlanOptions());

        Assert.True(plan.Refused);
        var note = plan.Changes.Single(c => c.Subject == "inv.stock.note");
        Assert.Equal((ChangeKind.DropNotNull, false), (note.Kind, note.Destructive));
        var price = plan.Changes.Single(c => c.Subject == "inv.stock.price");
        Assert.Equal((ChangeKind.SetNotNull, true), (price.Kind, price.Destructive));
    }

    [Fact]
    public void Dropping_a_sink_is_destructive_and_adding_a_not_null_column_needs_an_empty_table()
    {
        var v1 = SchemaState.From(PostgresModelParser.Parse(MigrationSpecs.Version(1)), 1);
        var extra = v1.Tables[0] with { Name = "old_table" };
        var previous = v1 with { Tables = [.. v1.Tables, extra] };
        var withRequired = MigrationSpecs.Version(1);
        var sink = withRequired.Sinks[0];
        withRequired = withRequired with
        {
            Sinks = [sink with { Schema = new Compiler.Ir.RelSchema([.. sink.Schema.Columns, new Compiler.Ir.Column("batch_id", T.Long)]) }],
        };

        var plan = PostgresPlanner.Plan(withRequired, previous, new PlanOptions());
        Assert.True(plan.Refused);
        Assert.Contains(plan.DestructiveChanges, c => c.Kind == ChangeKind.DropTable && c.Subject == "inv.old_table");
        Assert.Contains(plan.DestructiveChanges, c => c.Kind == ChangeKind.AddColumn && c.Subject == "inv.stock.batch_id");
        Assert.Contains("[destructive] add NOT NULL column inv.stock.batch_id bigint: existing rows have no value", plan.Explanation);
    }

    [Fact]
    public void State_file_round_trips_and_bad_files_give_a_message()
    {
        var state = SchemaState.From(PostgresModelParser.Parse(WorldHungerIr.Build()), 7);
        var json = SchemaStateJson.Write(state);
        Assert.True(SchemaStateJson.TryRead(json, out var read, out _));
        Assert.Equal(json, SchemaStateJson.Write(read!));
        Assert.Equal(7, read!.Migration);

        Assert.False(SchemaStateJson.TryRead("{ not json", out _, out var error));
        Assert.StartsWith("not a Pulse state file", error);
    }

    [Fact]
    public void Slugs_are_file_name_safe()
    {
        var change = new SchemaChange(ChangeKind.AddColumn, false, "s.t.c", "d", "e", [], "add_column_\"; DROP TABLE x; --café");
        Assert.Equal("add_column_drop_table_x_caf", PostgresPlanner.Slug([change]));
        Assert.Equal("change", PostgresPlanner.Slug([change with { Slug = "ééé" }]));
    }
}
