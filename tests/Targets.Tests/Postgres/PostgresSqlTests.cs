using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Postgres;
using Pulse.Targets.Postgres.Sql;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

public class PostgresSqlTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("select", "\"select\"")]
    [InlineData("\"; DROP TABLE x; --", "\"\"\"; DROP TABLE x; --\"")]
    public void Identifiers_are_always_quoted(string name, string sql) => Assert.Equal(sql, PgQuote.Ident(name));

    [Theory]
    [InlineData("it's", "'it''s'")]
    [InlineData("back\\slash", "E'back\\\\slash'")]
    [InlineData("'; DROP TABLE y; --", "'''; DROP TABLE y; --'")]
    public void Literals_are_escaped_whatever_standard_conforming_strings_says(string value, string sql) => Assert.Equal(sql, PgQuote.Literal(value));

    [Fact]
    public void Nul_characters_are_a_target_error_not_a_truncated_string()
    {
        var error = Assert.Throws<TargetException>(() => PgQuote.Literal("a\0b"));
        Assert.Equal("PULSE4102", error.Code);
    }

    [Fact]
    public void Derived_names_fit_63_bytes_without_colliding()
    {
        var a = PgNames.Index(new string('é', 40), ["x"]);
        var b = PgNames.Index(new string('é', 40), ["y"]);
        Assert.True(PgQuote.ByteLength(a) <= 63);
        Assert.NotEqual(a, b);
        Assert.Equal("ix_short_a_b", PgNames.Index("short", ["a", "b"]));
    }

    [Fact]
    public void User_names_over_63_bytes_are_an_error_with_a_code_and_hint()
    {
        var ir = MigrationSpecs.Version(1);
        var sink = ir.Sinks[0] with { Table = new TableName("inv", new string('t', 64)) };
        var error = Assert.Throws<TargetException>(() => PostgresModelParser.Parse(ir with { Sinks = [sink] }));
        Assert.Equal("PULSE4101", error.Code);
        Assert.Contains("64 bytes", error.Message);
        Assert.NotEmpty(error.Hint);
    }

    [Fact]
    public void Pulse_types_map_to_the_documented_postgres_types()
    {
        Assert.Equal("integer", PgTypes.Of(T.Int));
        Assert.Equal("bigint", PgTypes.Of(T.Long));
        Assert.Equal("double precision", PgTypes.Of(T.Double));
        Assert.Equal("numeric(12,2)", PgTypes.Of(T.Decimal(12, 2)));
        Assert.Equal("boolean", PgTypes.Of(T.Bool));
        Assert.Equal("date", PgTypes.Of(T.Date));
        Assert.Equal("timestamp with time zone", PgTypes.Of(T.Timestamp));
        Assert.Equal("jsonb", PgTypes.Of(T.Json));
        Assert.Equal("jsonb", PgTypes.Of(T.Record(("a", T.Int))));
        Assert.Equal("text[]", PgTypes.Of(T.List(T.String)));
        Assert.Equal("jsonb", PgTypes.Of(T.List(T.Record(("a", T.Int)))));
        Assert.Equal("text", PgTypes.Of(T.Opt(T.String)));
    }

    [Fact]
    public void Expressions_translate_with_postgres_semantics()
    {
        var year = E.Col("year", T.Int);
        var name = E.Col("name", T.Opt(T.String));
        var at = E.Col("at", T.Timestamp);
        Assert.Equal("(\"year\" BETWEEN 1950 AND 2010)", Sql(E.Between(year, E.Int(1950), E.Int(2010))));
        Assert.Equal("((\"name\" IS NULL) OR (\"name\" ~ '^[a-z]+$'))", Sql(E.Or(E.IsNull(name), E.Regex(name, "^[a-z]+$"))));
        Assert.Equal("(char_length(\"name\") > 3)", Sql(E.Gt(E.Call("length", T.Int, name), E.Int(3))));
        Assert.Equal("(EXTRACT(YEAR FROM (\"at\" AT TIME ZONE 'UTC'))::integer >= 2000)", Sql(E.Ge(E.Call("year", T.Int, at), E.Int(2000))));
        Assert.Equal("(COALESCE(\"name\", 'x') <> 'it''s')", Sql(E.Ne(E.Coalesce(name, E.Str("x")), E.Str("it's"))));
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("trim")]
    [InlineData("now")]
    public void Functions_whose_meaning_differs_are_not_translated(string function)
    {
        var call = E.Call(function, T.String, function == "now" ? [] : [E.Col("name", T.String)]);
        Assert.False(PgExpressionTranslator.TryTranslate(E.Eq(call, E.Str("x")), out _, out var reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void Regexes_with_engine_specific_escapes_are_not_translated()
    {
        Assert.False(PgExpressionTranslator.TryTranslate(E.Regex(E.Col("a", T.String), "\\bword\\b"), out _, out var reason));
        Assert.Contains("\\b", reason);
        Assert.False(PgExpressionTranslator.TryTranslate(E.Regex(E.Col("a", T.String), "(?i)abc"), out _, out _));
    }

    private static string Sql(Expr expr)
    {
        Assert.True(PgExpressionTranslator.TryTranslate(expr, out var sql, out var reason), reason);
        return sql;
    }

    [Fact]
    public void Checks_follow_columns_through_views_but_not_through_unions_of_computed_values()
    {
        // orders: positive_amount holds for orders but not for refunds (amount = -amount), which movements unions in.
        var orders = PostgresModelParser.Parse(OrdersIr.Build()).Tables.Single(t => t.Sink == "revenue_table");
        Assert.Empty(orders.Checks);
        Assert.Contains(orders.SkippedChecks, s => s.Expectation == "positive_amount" && s.Reason.Contains("do not reach"));
        Assert.Contains(orders.SkippedChecks, s => s.Expectation == "euro_only");

        // world-hunger: group keys keep the gapminder checks; a sum does not keep pop > 0.
        var trends = PostgresModelParser.Parse(WorldHungerIr.Build()).Tables.Single(t => t.Name.Name == "cluster_trends");
        Assert.Equal(["known_year", "known_cluster"], trends.Checks.Select(c => c.Expectation));
        Assert.Contains(trends.SkippedChecks, s => s.Expectation == "positive_pop");

        // max(price_usd) keeps one of the input values, so price_usd > 0 becomes max_price > 0 on both layers.
        var food = PostgresModelParser.Parse(WorldHungerIr.Build()).Tables.Where(t => t.Sink == "food_prices_table").ToList();
        Assert.Equal(2, food.Count);
        Assert.All(food, t => Assert.Equal("(\"max_price\" > 0)", Assert.Single(t.Checks).Sql));
    }
}
