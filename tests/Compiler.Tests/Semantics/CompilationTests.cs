using System.Collections.Immutable;
using Pulse.Compiler.Semantics;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Semantics;

public class CompilationTests
{
    private const string Orders = """
        source orders: csv {
          path = "orders.csv"
          schema {
            id: long
            customer_id: string
          }
        }
        """;

    private const string Customers = """
        import "../main.pulse"

        source customers: csv {
          path = "customers.csv"
          schema {
            customer_id: string
            name: string
          }
        }
        """;

    private const string Main = """
        import "shared/customers.pulse"

        source orders: csv {
          path = "orders.csv"
          schema {
            id: long
            customer_id: string
          }
        }

        batch view joined {
          from orders
          join customers using (customer_id)
        }

        sink out: parquet {
          from = joined
          path = "out"
        }
        """;

    [Fact]
    public void Imports_resolve_relative_to_the_importing_file_and_cycles_load_each_file_once()
    {
        var compilation = Specs.Compile(Main, "project/main.pulse", new Dictionary<string, string> { ["project/shared/customers.pulse"] = Customers });
        Assert.Empty(compilation.GetDiagnostics());
        Assert.Equal(["project/main.pulse", "project/shared/customers.pulse"], compilation.SyntaxTrees.Select(t => t.Source.Path));
        var ir = compilation.Lower("local");
        Assert.Equal(["orders", "customers"], ir.Sources.Select(s => s.Name));
        Assert.Equal("project", ir.BaseDirectory);
    }

    [Fact]
    public void A_missing_import_is_reported_at_its_path()
    {
        var compilation = Specs.Compile(Main, "project/main.pulse");
        var diagnostics = compilation.GetDiagnostics();
        var missing = Assert.Single(diagnostics, d => d.Code == "PULSE9001");
        Assert.Equal(0, missing.Start.Line);
        Assert.Equal(7, missing.Start.Character);
        Assert.Contains(diagnostics, d => d.Code == "PULSE1001"); // customers is then unknown
    }

    [Fact]
    public void Diagnostics_are_sorted_by_file_then_position()
    {
        var compilation = Specs.Compile(Main, "project/main.pulse", new Dictionary<string, string>
        {
            ["project/shared/customers.pulse"] = Customers.Replace("name: string", "name: strin", StringComparison.Ordinal),
        });
        var diagnostics = compilation.GetDiagnostics();
        Assert.True(diagnostics.Length >= 1);
        var keys = diagnostics.Select(d => (d.Source.Path, d.Span.Start)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Path, StringComparer.Ordinal).ThenBy(k => k.Start), keys);
    }

    [Fact]
    public void WithText_reuses_the_trees_of_unchanged_files()
    {
        var files = new Dictionary<string, string> { ["project/shared/customers.pulse"] = Customers };
        var first = Specs.Compile(Main, "project/main.pulse", files);
        Assert.Empty(first.GetDiagnostics());
        var edited = first.WithText("project/main.pulse", Main.Replace("join customers", "join customerz", StringComparison.Ordinal));
        Assert.Single(edited.GetDiagnostics(), d => d.Code == "PULSE1001" && d.Source.Path == "project/main.pulse");
        Assert.Same(first.GetSyntaxTree("project/shared/customers.pulse"), edited.GetSyntaxTree("project/shared/customers.pulse"));
        Assert.NotSame(first.GetSyntaxTree("project/main.pulse"), edited.GetSyntaxTree("project/main.pulse"));
        Assert.Empty(first.GetDiagnostics()); // the old compilation is unchanged
    }

    [Fact]
    public void WithText_on_an_imported_file_replaces_it()
    {
        var files = new Dictionary<string, string> { ["project/shared/customers.pulse"] = Customers };
        var first = Specs.Compile(Main, "project/main.pulse", files);
        var edited = first.WithText("project/shared/customers.pulse", Customers.Replace("customer_id: string", "client_id: string", StringComparison.Ordinal));
        Assert.Contains(edited.GetDiagnostics(), d => d.Code == "PULSE1002" && d.Message.Contains("customer_id", StringComparison.Ordinal));
        Assert.Single(edited.Roots);
    }

    [Fact]
    public void Lower_refuses_a_pipeline_with_errors_and_unknown_environments()
    {
        var broken = Specs.Compile(Orders + "\nbatch view v { from nowhere }\n");
        var error = Assert.Throws<InvalidOperationException>(() => broken.Lower("local"));
        Assert.Contains("PULSE1001", error.Message, StringComparison.Ordinal);
        var clean = Specs.Compile(Orders + "\nsink out: parquet { from = orders, path = \"o\" }\n");
        Assert.Equal("local", clean.Lower("local").Environment);
        Assert.Throws<ArgumentException>(() => clean.Lower("prod"));
        Assert.Equal(["local"], clean.Environments.ToArray());
    }

    [Fact]
    public void Pulse_json_changes_warning_severities_but_not_errors()
    {
        var text = Orders + "\nbatch view v { from nowhere }\n";
        var files = new Dictionary<string, string> { ["pulse.json"] = """{ "severity": { "PULSE5001": "error", "PULSE1001": "none" } }""" };
        var compilation = Compilation.Create([new SourceText("spec.pulse", text)], new InMemorySpecLoader(files));
        var diagnostics = compilation.GetDiagnostics();
        Assert.Equal(2, diagnostics.Count(d => d.Code == "PULSE5001" && d.Severity == DiagnosticSeverity.Error)); // warning made an error
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Code == "PULSE1001").Severity); // an error stays one
        Assert.Throws<InvalidOperationException>(() => compilation.Lower("local"));

        var silenced = Specs.Compile(Orders, options: new ProjectOptions(new Dictionary<string, SeverityOverride> { ["PULSE5001"] = SeverityOverride.None }.ToImmutableDictionary()));
        Assert.Empty(silenced.GetDiagnostics());
        var info = Specs.Compile(Orders, options: new ProjectOptions(new Dictionary<string, SeverityOverride> { ["PULSE5001"] = SeverityOverride.Info }.ToImmutableDictionary()));
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(info.GetDiagnostics()).Severity);
        Assert.False(info.HasErrors);
    }

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("""{ "severity": { "PULSE5001": "loud" } }""", "must be \"error\"")]
    [InlineData("""{ "colour": {} }""", "unknown setting")]
    [InlineData("""{ "severity": { "W1": "none" } }""", "not a diagnostic code")]
    public void A_bad_pulse_json_is_a_warning_and_ignored(string json, string reason)
    {
        var compilation = Compilation.Create([new SourceText("spec.pulse", Orders)], new InMemorySpecLoader(new Dictionary<string, string> { ["pulse.json"] = json }));
        var diagnostics = compilation.GetDiagnostics();
        var warning = Assert.Single(diagnostics, d => d.Code == "PULSE9002");
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics, d => d.Code == "PULSE5001").Severity);
    }

    [Fact]
    public void Suppression_comments_silence_the_named_warnings_on_the_next_line_only()
    {
        // The first comment is right above `source orders`; the second is separated from `other` by a blank line.
        var text = "// pulse-disable-next-line PULSE5001\n" + Orders + "\n// pulse-disable-next-line PULSE5001\n\nsource other: csv { path = \"x\"\n schema { id: long } }\n";
        var diagnostics = Specs.Compile(text).GetDiagnostics();
        var left = Assert.Single(diagnostics);
        Assert.Equal("PULSE5001", left.Code);
        Assert.Contains("other", left.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compilations_answer_from_many_threads()
    {
        var compilation = Repo.CompileExample("world-hunger");
        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => compilation.GetDiagnostics().Length + compilation.Lower("local").Views.Length).ToList();
        Assert.All(results, r => Assert.Equal(results[0], r));
    }
}

public class CompilationEdgeTests
{
    [Fact]
    public void An_empty_compilation_and_an_empty_file_are_fine()
    {
        var empty = Compilation.Create([]);
        Assert.Empty(empty.GetDiagnostics());
        Assert.Empty(empty.Lower("local").Sources);
        var blank = Specs.Compile("");
        Assert.Empty(blank.GetDiagnostics());
        Assert.Equal("test", blank.Lower("local").Name); // no pipeline declaration: the file name stands in
    }

    [Fact]
    public void A_file_of_garbage_gets_diagnostics_not_exceptions()
    {
        var compilation = Specs.Compile("Order ID;Customer;Date\n1;c1;02/03/2024\n{{{ ]]] ``` \"unterminated\n");
        Assert.NotEmpty(compilation.GetDiagnostics());
        Assert.Throws<InvalidOperationException>(() => compilation.Lower("local"));
    }

    [Fact]
    public void A_model_is_only_given_for_the_compilation_s_own_trees()
    {
        var compilation = Specs.Compile("");
        var foreign = Pulse.Language.Syntax.SyntaxTree.Parse("", "other.pulse");
        Assert.Throws<ArgumentException>(() => compilation.GetSemanticModel(foreign));
    }

    [Fact]
    public void Paths_are_normalized_for_imports_and_messages()
    {
        Assert.Equal("a/c.pulse", SpecPaths.Resolve("a/b/../main.pulse", "./c.pulse"));
        Assert.Equal("shared/x.pulse", SpecPaths.Resolve("project/main.pulse", "../shared/x.pulse"));
        Assert.Equal("/abs/x.pulse", SpecPaths.Resolve("project/main.pulse", "/abs/x.pulse"));
        Assert.Equal("x.pulse", SpecPaths.Resolve("main.pulse", "x.pulse"));
        Assert.Equal("a/b.pulse", SpecPaths.Normalize(@"a\b.pulse"));
    }
}
