using System.Text.Json;

namespace Pulse.Cli.Tests;

public class UsageTests
{
    [Fact]
    public void Help_lists_every_command()
    {
        var result = CliHarness.InRepo("--help");
        Assert.Equal(0, result.Exit);
        foreach (var command in Pulse.Cli.CliApp.Commands) Assert.Contains(command.Name, result.Out);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var result = CliHarness.InRepo("frobnicate");
        Assert.Equal(2, result.Exit);
        Assert.Contains("unknown command 'frobnicate'", result.Error);
    }

    [Fact]
    public void Unknown_flag_is_a_usage_error_naming_the_flag()
    {
        var result = CliHarness.InRepo("check", "pipelines", "--fromat", "json");
        Assert.Equal(2, result.Exit);
        Assert.Contains("unknown option '--fromat'", result.Error);
    }

    [Fact]
    public void Missing_file_is_an_io_error_without_stack_trace()
    {
        var result = CliHarness.InRepo("check", "pipelines/nope.pulse");
        Assert.Equal(2, result.Exit);
        Assert.Equal("pulse check: cannot read 'pipelines/nope.pulse': no such file or folder", result.Error.Trim());
    }

    [Fact]
    public void Command_help_shows_its_options()
    {
        var result = CliHarness.InRepo("compile", "--help");
        Assert.Equal(0, result.Exit);
        Assert.Contains("--env", result.Out);
        Assert.Contains("--target", result.Out);
    }
}

public class CheckCommandTests
{
    [Fact]
    public void Examples_check_clean()
    {
        var result = CliHarness.InRepo("check", "pipelines");
        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Contains("checked 4 specs: 0 errors, 0 warnings", result.Error);
    }

    [Fact]
    public void Errors_print_msbuild_lines_with_relative_paths_and_exit_1()
    {
        var folder = CliHarness.TempFolder();
        File.WriteAllText(Path.Combine(folder, "bad.pulse"), "source s: csv {\n  path = \"x.csv\"\n  schema { amount: int }\n}\nbatch view v {\n  from s\n  where amout > 1\n}\n");

        var result = CliHarness.Run(folder, "check");

        Assert.Equal(1, result.Exit);
        Assert.Contains("bad.pulse(7,9): error PULSE1002: `amout` is not a column of `s` (hint: did you mean `amount`?)", result.Out.Split('\n'));
    }

    [Fact]
    public void Json_and_sarif_formats_are_valid_json()
    {
        var folder = CliHarness.TempFolder();
        File.WriteAllText(Path.Combine(folder, "bad.pulse"), "source s: csv {\n  path = \"x.csv\"\n  schema { a: int }\n}\nbatch view v {\n  from t\n}\n");

        var json = CliHarness.Run(folder, "check", "--format", "json");
        var sarif = CliHarness.Run(folder, "check", "--format", "sarif");

        Assert.Equal(1, json.Exit);
        var error = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal("bad.pulse", error.GetProperty("file").GetString());
        Assert.Equal("PULSE1001", error.GetProperty("code").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.Equal(8, error.GetProperty("column").GetInt32());
        Assert.Equal("2.1.0", JsonDocument.Parse(sarif.Out).RootElement.GetProperty("version").GetString());
    }
}

public class CompileCommandTests
{
    [Fact]
    public void Compile_writes_ir_lineage_and_every_target()
    {
        var outDir = CliHarness.TempFolder();

        var result = CliHarness.InRepo("compile", "pipelines/world-hunger.pulse", "--env", "prod", "--out", outDir);

        Assert.Equal(0, result.Exit);
        var ir = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "ir.json"))).RootElement;
        Assert.Equal("world_hunger", ir.GetProperty("name").GetString());
        Assert.Equal("prod", ir.GetProperty("environment").GetString());
        Assert.True(File.Exists(Path.Combine(outDir, "lineage", "graph.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "postgres", "schema.sql")));
        Assert.Contains("compiled world_hunger for prod", result.Out);
        foreach (var target in Pulse.Targets.Common.TargetRegistry.All) Assert.Contains(target.Name, result.Out);
    }

    [Fact]
    public void Compile_is_deterministic()
    {
        var first = CliHarness.TempFolder();
        var second = CliHarness.TempFolder();

        CliHarness.InRepo("compile", "pipelines/orders.pulse", "--out", first);
        CliHarness.InRepo("compile", "pipelines/orders.pulse", "--out", second);

        var files = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Directory.GetFiles(second, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order());
        foreach (var file in files)
            Assert.Equal(File.ReadAllText(Path.Combine(first, file)), File.ReadAllText(Path.Combine(second, file)));
    }

    [Fact]
    public void Unknown_environment_and_target_are_usage_errors()
    {
        var env = CliHarness.InRepo("compile", "pipelines/orders.pulse", "--env", "mars", "--out", CliHarness.TempFolder());
        var target = CliHarness.InRepo("compile", "pipelines/orders.pulse", "--target", "cobol", "--out", CliHarness.TempFolder());

        Assert.Equal(2, env.Exit);
        Assert.Contains("no environment 'mars'", env.Error);
        Assert.Equal(2, target.Exit);
        Assert.Contains("unknown target 'cobol'", target.Error);
    }
}

public class GraphCommandTests
{
    [Fact]
    public void Mermaid_graph_has_every_source_view_and_sink()
    {
        var result = CliHarness.InRepo("graph", "pipelines/world-hunger.pulse");

        Assert.Equal(0, result.Exit);
        Assert.StartsWith("flowchart LR", result.Out);
        foreach (var name in new[] { "gapminder", "disaster_decades", "food_prices_now", "disaster_search" })
            Assert.Contains(name, result.Out);
    }

    [Fact]
    public void Dot_graph_has_the_serving_edges()
    {
        var result = CliHarness.InRepo("graph", "pipelines/world-hunger.pulse", "--format", "dot");

        Assert.Contains("\"hourly_food_prices\" -> \"food_prices_now\";", result.Out);
        Assert.Contains("\"live_food_prices\" -> \"food_prices_now\";", result.Out);
    }

    [Fact]
    public void Graph_needs_exactly_one_spec()
    {
        var result = CliHarness.InRepo("graph", "pipelines");
        Assert.Equal(2, result.Exit);
        Assert.Contains("works on one spec", result.Error);
    }
}
