using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>Compiled expressions, one behaviour at a time (the parity tests compare them with DuckDB in bulk).</summary>
public class ExpressionTests
{
    private static readonly RelSchema Schema = R.Schema(
    [
        new Column("a", E.N(E.Int)), new Column("b", E.N(E.Int)), new Column("s", E.N(E.Text)), new Column("d", E.N(E.Decimal(10, 2))),
        new Column("x", E.N(E.Real)), new Column("t", E.N(E.Timestamp)), new Column("f", E.N(E.Bool)), new Column("day", E.N(E.Date)),
    ]);

    private static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static ColumnRef Col(string name) => E.Col(name, Schema[name].Type);

    private static object? Eval(Expr expr, params (string Column, object? Value)[] values)
    {
        var row = new object?[Schema.Columns.Length];
        foreach (var (column, value) in values) row[Schema.Columns.IndexOf(Schema[column])] = value;
        return new ExpressionCompiler(RowLayout.Of(Schema), Now).Value(expr)(row);
    }

    private static string Show(Expr expr, params (string Column, object? Value)[] values) => RowText.Value(Eval(expr, values));

    [Fact]
    public void And_or_not_use_three_valued_logic()
    {
        var f = Col("f");
        Assert.Equal("false", Show(E.And(f, E.Boolean(false)), ("f", null)));
        Assert.Equal("∅", Show(E.And(f, E.Boolean(true)), ("f", null)));
        Assert.Equal("true", Show(E.Or(f, E.Boolean(true)), ("f", null)));
        Assert.Equal("∅", Show(E.Or(f, E.Boolean(false)), ("f", null)));
        Assert.Equal("∅", Show(E.Not(f), ("f", null)));
        Assert.Equal("true", Show(E.IsNull(f), ("f", null)));
        Assert.Equal("false", Show(E.IsNotNull(f), ("f", null)));
    }

    [Fact]
    public void Comparisons_with_null_are_null_and_a_filter_treats_null_as_not_true()
    {
        var expr = E.Gt(Col("a"), E.Int32(1));
        Assert.Equal("∅", Show(expr, ("a", null)));
        var predicate = new ExpressionCompiler(RowLayout.Of(Schema), Now).Predicate(expr);
        Assert.False(predicate(new object?[Schema.Columns.Length]));
    }

    [Fact]
    public void In_is_true_on_a_match_null_when_unknown_and_false_otherwise()
    {
        Assert.Equal("true", Show(E.In(Col("a"), E.Int32(1), E.Null(E.Int)), ("a", 1)));
        Assert.Equal("∅", Show(E.In(Col("a"), E.Int32(1), E.Null(E.Int)), ("a", 2)));
        Assert.Equal("false", Show(E.In(Col("a"), E.Int32(1), E.Int32(3)), ("a", 2)));
        Assert.Equal("∅", Show(E.In(Col("a"), E.Int32(1)), ("a", null)));
        Assert.Equal("true", Show(new InExpr(E.Bool, Col("a"), [E.Int32(1), E.Int32(3)], Negated: true), ("a", 2)));
        Assert.Equal("true", Show(E.In(Col("s"), E.Str("kg"), E.Str("KG")), ("s", "KG")));
        Assert.Equal("true", Show(E.In(Col("d"), E.Int32(2), E.Dec("2.5", 3, 1)), ("d", 2.50m))); // int and decimal candidates meet in a decimal
    }

    [Fact]
    public void Between_includes_its_bounds_and_propagates_null()
    {
        var between = E.Between(Col("a"), E.Int32(1), E.Int32(3));
        Assert.Equal("true", Show(between, ("a", 1)));
        Assert.Equal("true", Show(between, ("a", 3)));
        Assert.Equal("false", Show(between, ("a", 4)));
        Assert.Equal("∅", Show(between, ("a", null)));
        Assert.Equal("false", Show(E.Between(Col("a"), E.Int32(1), E.Null(E.Int)), ("a", 0))); // below the low bound is false whatever the high bound is
        Assert.Equal("true", Show(new BetweenExpr(E.Bool, Col("a"), E.Int32(1), E.Int32(3), Negated: true), ("a", 5)));
    }

    [Fact]
    public void Decimal_arithmetic_is_exact_and_held_to_the_result_scale_rounding_half_away_from_zero()
    {
        var sum = new BinaryExpr(E.Decimal(11, 2), BinaryOp.Add, Col("d"), E.Dec("0.005", 4, 3));
        Assert.Equal("1.01", Show(sum, ("d", 1.00m)));
        Assert.Equal("-1.01", Show(sum, ("d", -1.01m))); // -1.005 rounds away from zero
        var product = new BinaryExpr(E.Decimal(21, 4), BinaryOp.Multiply, Col("d"), Col("d"));
        Assert.Equal("0.0100", Show(product, ("d", 0.10m)));
        var exact = new BinaryExpr(E.Decimal(12, 2), BinaryOp.Add, Col("d"), Col("a"));
        Assert.Equal("3.10", Show(exact, ("d", 1.10m), ("a", 2))); // an int operand joins the decimal exactly
    }

    [Fact]
    public void Division_follows_the_result_type_and_by_zero_is_null()
    {
        Assert.Equal("3.5", Show(E.Div(Col("a"), Col("b"), E.Real), ("a", 7), ("b", 2)));
        Assert.Equal("3", Show(E.Div(Col("a"), Col("b"), E.Int), ("a", 7), ("b", 2)));
        Assert.Equal("-3", Show(E.Div(Col("a"), Col("b"), E.Int), ("a", -7), ("b", 2))); // integer division truncates toward zero
        Assert.Equal("∅", Show(E.Div(Col("a"), Col("b"), E.Real), ("a", 7), ("b", 0)));
        Assert.Equal("0.333333", Show(E.Div(Col("d"), E.Int32(3), E.Decimal(17, 6)), ("d", 1.00m)));
        Assert.Equal("∅", Show(E.Mod(Col("a"), Col("b")), ("a", 7), ("b", 0)));
        Assert.Equal("-1", Show(E.Mod(Col("a"), Col("b")), ("a", -7), ("b", 3))); // the remainder takes the dividend's sign
    }

    [Fact]
    public void Integer_overflow_fails_instead_of_wrapping()
    {
        var add = E.Add(Col("a"), E.Int32(1));
        Assert.Throws<OverflowException>(() => Eval(add, ("a", int.MaxValue)));
    }

    [Theory]
    [InlineData(2.5, 0, "3")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(1.005, 2, "1")] // 1.005 is 1.00499999... as a double: DuckDB says 1 too
    public void Round_of_a_double_is_half_away_from_zero_after_scaling(double value, int digits, string expected)
    {
        Assert.Equal(expected, Show(E.Call("round", E.N(E.Real), Col("x"), E.Int32(digits)), ("x", value)));
    }

    [Fact]
    public void Round_of_decimals_and_integers_is_half_away_from_zero()
    {
        Assert.Equal("-0.13", Show(E.Call("round", E.N(E.Decimal(10, 2)), new LiteralExpr(E.Decimal(5, 3), "-0.125"), E.Int32(2))));
        Assert.Equal("1300", Show(E.Call("round", E.N(E.Int), Col("a"), E.Int32(-2)), ("a", 1250)));
        Assert.Equal("3.00", Show(E.Call("round", E.N(E.Decimal(10, 2)), Col("d")), ("d", 2.50m)));
    }

    [Fact]
    public void Substring_is_one_based_over_code_points_and_length_counts_code_points()
    {
        var text = Col("s");
        Assert.Equal("o😀", Show(E.Call("substring", E.N(E.Text), text, E.Int32(5), E.Int32(2)), ("s", "héllo😀")));
        Assert.Equal("héllo😀", Show(E.Call("substring", E.N(E.Text), text, E.Int32(0)), ("s", "héllo😀")));
        Assert.Equal("h", Show(E.Call("substring", E.N(E.Text), text, E.Int32(0), E.Int32(2)), ("s", "héllo"))); // positions before 1 count against the length
        Assert.Equal("", Show(E.Call("substring", E.N(E.Text), text, E.Int32(2), E.Int32(-1)), ("s", "héllo")));
        Assert.Equal("", Show(E.Call("substring", E.N(E.Text), text, E.Int32(9)), ("s", "abc")));
        Assert.Equal("6", Show(E.Call("length", E.N(E.Int), text), ("s", "héllo😀")));
    }

    [Fact]
    public void Text_functions_trim_unicode_space_replace_literally_concat_skips_nulls_and_regex_matches_anywhere()
    {
        Assert.Equal("a b", Show(E.Call("trim", E.N(E.Text), Col("s")), ("s", "\u00A0\t a b \u2003")));
        Assert.Equal("istanbul", Show(E.Call("lower", E.N(E.Text), Col("s")), ("s", "ISTANBUL")));
        Assert.Equal("a.c", Show(E.Call("replace", E.N(E.Text), Col("s"), E.Str("b"), E.Str(".")), ("s", "abc")));
        Assert.Equal("abc", Show(E.Call("replace", E.N(E.Text), Col("s"), E.Str(""), E.Str("x")), ("s", "abc")));
        Assert.Equal("x-y", Show(E.Call("concat", E.Text, E.Str("x"), Col("s"), E.Str("-y")), ("s", null)));
        Assert.Equal("true", Show(E.Call("regex_match", E.N(E.Bool), Col("s"), E.Str("b")), ("s", "abc")));
        Assert.Equal("false", Show(E.Call("regex_match", E.N(E.Bool), Col("s"), E.Str("^b")), ("s", "abc")));
    }

    [Fact]
    public void Date_functions_work_in_utc_and_week_starts_on_monday()
    {
        var t = new DateTime(2024, 6, 2, 10, 30, 0, DateTimeKind.Utc); // a Sunday
        Assert.Equal("2024-05-27T00:00Z", Show(E.Call("date_trunc", E.N(E.Timestamp), E.Str("week"), Col("t")), ("t", t)));
        Assert.Equal("2024-06-01T00:00Z", Show(E.Call("date_trunc", E.N(E.Timestamp), E.Str("month"), Col("t")), ("t", t)));
        Assert.Equal("2024-06-02T10:00Z", Show(E.Call("date_trunc", E.N(E.Timestamp), E.Str("hour"), Col("t")), ("t", t)));
        Assert.Equal("2024", Show(E.Call("year", E.N(E.Int), Col("t")), ("t", t)));
        Assert.Equal("2", Show(E.Call("day", E.N(E.Int), Col("day")), ("day", new DateOnly(2024, 6, 2))));
        Assert.Equal("2024-06-01T12:00Z", Show(E.Call("now", E.Timestamp)));
    }

    [Fact]
    public void Timestamps_with_offsets_are_converted_to_utc_and_plain_ones_taken_as_utc()
    {
        var cast = E.Cast(Col("s"), E.Timestamp);
        Assert.Equal("2024-06-01T08:00Z", Show(cast, ("s", "2024-06-01T10:00:00+02:00")));
        Assert.Equal("2024-06-01T04:30Z", Show(cast, ("s", "2024-06-01T10:00:00+0530")));
        Assert.Equal("2024-06-01T10:00Z", Show(cast, ("s", "2024-06-01 10:00")));
        Assert.Equal("2024-06-01T00:00Z", Show(cast, ("s", "2024-06-01")));
        Assert.Equal("∅", Show(cast, ("s", "01/06/2024")));
    }

    [Fact]
    public void Casts_with_a_format_parse_like_strptime_and_a_failed_cast_is_null()
    {
        var cast = E.Cast(Col("s"), E.Date, "dd/MM/yyyy");
        Assert.Equal("2024-03-05", Show(cast, ("s", "05/03/2024")));
        Assert.Equal("2024-03-05", Show(cast, ("s", "5/3/2024")));
        Assert.Equal("∅", Show(cast, ("s", "2024-03-05")));
        Assert.Equal("2024-03-05T13:07Z", Show(E.Cast(Col("s"), E.Timestamp, "dd/MM/yyyy h:mm tt"), ("s", "05/03/2024 1:07 PM")));
        Assert.Equal("∅", Show(E.Cast(Col("s"), E.Int), ("s", "abc")));
        Assert.Equal("2", Show(E.Cast(Col("s"), E.Int), ("s", "1.5"))); // DuckDB's TRY_CAST rounds text decimals into integers
        Assert.Equal("0.45", Show(E.Cast(Col("d"), E.Text), ("d", 0.45m)));
        Assert.Equal("0.4500", Show(E.Cast(E.Dec("0.45", 10, 4), E.Text))); // decimals print with their type's scale
        Assert.Equal("true", Show(E.Cast(Col("s"), E.Bool), ("s", "yes")));
        Assert.Equal("2", Show(E.Cast(Col("x"), E.Int), ("x", 2.5))); // doubles round half to even into integers, like DuckDB
    }

    [Fact]
    public void Coalesce_and_case_pick_the_first_known_value()
    {
        Assert.Equal("7", Show(E.Coalesce(Col("a"), E.Int32(7)), ("a", null)));
        Assert.Equal("3", Show(E.Coalesce(Col("a"), E.Int32(7)), ("a", 3)));
        var grade = E.Case(E.Str("low"), (E.Gt(Col("a"), E.Int32(10)), E.Str("high")), (E.IsNull(Col("a")), E.Str("none")));
        Assert.Equal("high", Show(grade, ("a", 11)));
        Assert.Equal("none", Show(grade, ("a", null)));
        Assert.Equal("low", Show(grade, ("a", 1)));
        Assert.Equal("∅", Show(E.Case(null, (E.Gt(Col("a"), E.Int32(10)), E.Str("high"))), ("a", null))); // no else and no match is null
    }

    [Fact]
    public void Strings_compare_by_code_point_like_duckdb()
    {
        Assert.Equal("false", Show(E.Lt(Col("s"), E.Str("B")), ("s", "a")));
        Assert.Equal("true", Show(E.Lt(Col("s"), E.Str("😀")), ("s", "\uFFFD"))); // a supplementary character sorts after every BMP character
    }

    [Fact]
    public void An_unknown_column_is_refused_when_compiling_not_when_running()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new ExpressionCompiler(RowLayout.Of(Schema), Now).Value(E.Col("nope", E.Int)));
        Assert.Contains("nope", error.Message);
    }
}
