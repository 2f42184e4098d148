using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Tests.Types;

/// <summary>
/// Type inference through the real binder: each case derives one expression over a source with
/// known column types and reads back the type the semantic model recorded for it.
/// </summary>
public class ExpressionTypeTests
{
    private const string Source = """
        source t: csv {
          path = "t.csv"
          schema {
            i: int
            ni: int?
            l: long
            d: decimal(10, 2)
            e: decimal(12, 4)
            f: double
            s: string
            ns: string?
            b: bool
            day: date
            at: timestamp
            nat: timestamp?
          }
          clean {
            derive x = EXPR
          }
        }

        sink out: parquet {
          from = t
          path = "out"
        }
        """;

    private static string TypeOf(string expression, bool allowWarnings = false)
    {
        var text = Source.Replace("EXPR", expression, StringComparison.Ordinal);
        var compilation = Specs.Compile(text);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || !allowWarnings).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var tree = compilation.SyntaxTrees[0];
        var derive = tree.Root.DescendantNodes().OfType<CleanDeriveStepSyntax>().Single();
        return compilation.GetSemanticModel(tree).GetType(derive.Expression)!.ToString();
    }

    [Theory]
    [InlineData("i + i", "int")]
    [InlineData("i + ni", "int?")]
    [InlineData("i + l", "long")]
    [InlineData("i / i", "double")]
    [InlineData("l % 10", "long")]
    [InlineData("i + d", "decimal(13, 2)")]
    [InlineData("d + e", "decimal(13, 4)")]
    [InlineData("d - e", "decimal(13, 4)")]
    [InlineData("d * 2", "decimal(12, 2)")]
    [InlineData("d * e", "decimal(23, 6)")]
    [InlineData("d / 3", "decimal(14, 6)")]
    [InlineData("d / e", "decimal(27, 15)")]
    [InlineData("d + f", "double")]
    [InlineData("0.45", "decimal(3, 2)")]
    [InlineData("1e3", "double")]
    [InlineData("3000000000", "long")]
    [InlineData("-d", "decimal(10, 2)")]
    [InlineData("ni ?? 0", "int")]
    [InlineData("ni ?? i", "int")]
    [InlineData("ni ?? ni", "int?")]
    [InlineData("ni ?? l", "long")]
    [InlineData("ns is null", "bool")]
    [InlineData("i > 3", "bool")]
    [InlineData("ni > 3", "bool?")]
    [InlineData("d > 0", "bool")]
    [InlineData("s in (\"a\", \"b\")", "bool")]
    [InlineData("ns in (\"a\", \"b\")", "bool?")]
    [InlineData("i between 1 and 10", "bool")]
    [InlineData("b and ni > 1", "bool?")]
    [InlineData("not b", "bool")]
    [InlineData("case when b then 1 else 2.5 end", "decimal(11, 1)")]
    [InlineData("case when b then s end", "string?")]
    [InlineData("case when b then s else ns end", "string?")]
    [InlineData("at + 1h", "timestamp")]
    [InlineData("nat - 30m", "timestamp?")]
    [InlineData("concat(s, ns)", "string")]
    [InlineData("length(ns)", "int?")]
    [InlineData("substring(s, 1, 3)", "string")]
    [InlineData("round(f, 2)", "double")]
    [InlineData("round(d)", "decimal(10, 2)")]
    [InlineData("floor(d)", "decimal(9, 0)")]
    [InlineData("abs(ni)", "int?")]
    [InlineData("year(day)", "int")]
    [InlineData("month(nat)", "int?")]
    [InlineData("date_trunc(\"month\", at)", "timestamp")]
    [InlineData("now()", "timestamp")]
    [InlineData("date(\"2024-03-01\")", "date")]
    [InlineData("timestamp(\"2024-03-01T10:00:00+02:00\")", "timestamp")]
    [InlineData("parse_date(s, \"dd/MM/yyyy\")", "date?")]
    [InlineData("parse_timestamp(s, \"yyyy-MM-dd HH:mm\")", "timestamp?")]
    [InlineData("regex_match(s, \"^[a-z]+$\")", "bool")]
    [InlineData("cast(s as int)", "int")]
    [InlineData("cast(ns as decimal(5, 1))", "decimal(5, 1)?")]
    [InlineData("cast(day as timestamp)", "timestamp")]
    [InlineData("cast(null as string)", "string?")]
    [InlineData("lower(trim(ns))", "string?")]
    public void Expression_has_type(string expression, string type) => Assert.Equal(type, TypeOf(expression));

    [Fact]
    public void Is_null_on_a_non_nullable_value_is_a_warning_but_still_typed() =>
        Assert.Equal("bool", TypeOf("s is null", allowWarnings: true));

    [Fact]
    public void Timestamp_difference_is_a_duration()
    {
        var text = Source.Replace("EXPR", "at - nat > 1h", StringComparison.Ordinal);
        var compilation = Specs.Compile(text);
        Assert.Empty(compilation.GetDiagnostics());
        var tree = compilation.SyntaxTrees[0];
        var difference = tree.Root.DescendantNodes().OfType<BinaryExpressionSyntax>().First(b => b.OperatorToken.Text == "-");
        Assert.Equal("duration?", compilation.GetSemanticModel(tree).GetType(difference)!.ToString());
    }

    [Theory]
    [InlineData("s + 1", "PULSE2001")]
    [InlineData("day > 5", "PULSE2001")]
    [InlineData("day + 1h", "PULSE2001")]
    [InlineData("s ?? 0", "PULSE2001")]
    [InlineData("b + 1", "PULSE2001")]
    [InlineData("i in (1, \"2\")", "PULSE2001")]
    [InlineData("-s", "PULSE2020")]
    [InlineData("not i", "PULSE2020")]
    [InlineData("null", "PULSE2021")]
    [InlineData("case when i then 1 end", "PULSE2002")]
    [InlineData("case when b then 1 else \"x\" end", "PULSE2010")]
    [InlineData("cast(day as bool)", "PULSE2008")]
    [InlineData("at - at", "PULSE2011")]
    public void Ill_typed_expression_is_reported(string expression, string code)
    {
        var diagnostics = Specs.Compile(Source.Replace("EXPR", expression, StringComparison.Ordinal)).GetDiagnostics();
        Assert.Contains(diagnostics, d => d.Code == code);
        Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
