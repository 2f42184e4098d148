using System.Text.Json;
using Pulse.Cli.Output;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Cli.Tests;

public class DiagnosticWriterTests
{
    private static readonly SourceText Source = new("specs/a.pulse", "source x: csv {\n  path = 1\n}\n");

    private static Diagnostic Sample() =>
        new("PULSE2001", DiagnosticSeverity.Error, Source, new TextSpan(25, 1), "expected a string, found int: 100%", "quote it, e.g. \"a,b\"");

    private static string Write(DiagnosticFormat format)
    {
        var output = new StringWriter();
        DiagnosticWriter.Write([Sample()], format, output, "1.2.3");
        return output.ToString();
    }

    [Fact]
    public void MsBuild_line_has_one_based_position_code_and_hint()
    {
        Assert.Equal("specs/a.pulse(2,10): error PULSE2001: expected a string, found int: 100% (hint: quote it, e.g. \"a,b\")" + Environment.NewLine,
            Write(DiagnosticFormat.MsBuild));
    }

    [Fact]
    public void Json_carries_every_field()
    {
        var item = JsonDocument.Parse(Write(DiagnosticFormat.Json)).RootElement[0];

        Assert.Equal("specs/a.pulse", item.GetProperty("file").GetString());
        Assert.Equal(2, item.GetProperty("line").GetInt32());
        Assert.Equal(10, item.GetProperty("column").GetInt32());
        Assert.Equal(2, item.GetProperty("endLine").GetInt32());
        Assert.Equal(11, item.GetProperty("endColumn").GetInt32());
        Assert.Equal("error", item.GetProperty("severity").GetString());
        Assert.Equal("PULSE2001", item.GetProperty("code").GetString());
    }

    [Fact]
    public void Sarif_is_2_1_0_with_rule_and_region()
    {
        var root = JsonDocument.Parse(Write(DiagnosticFormat.Sarif)).RootElement;
        var run = root.GetProperty("runs")[0];
        var result = run.GetProperty("results")[0];
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");

        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal("pulse", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        Assert.Equal("PULSE2001", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal(2, region.GetProperty("startLine").GetInt32());
        Assert.Equal(10, region.GetProperty("startColumn").GetInt32());
        Assert.Equal("specs/a.pulse", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Github_escapes_percent_and_property_separators()
    {
        var line = Write(DiagnosticFormat.Github).TrimEnd();

        Assert.StartsWith("::error file=specs/a.pulse,line=2,col=10,endLine=2,endColumn=11,title=PULSE2001::", line);
        Assert.EndsWith("found int: 100%25 (hint: quote it, e.g. \"a,b\")", line);
    }
}

public class CommandLineTests
{
    [Fact]
    public void Parses_positionals_options_and_switches()
    {
        var line = CommandLine.Parse(["a.pulse", "--env", "prod", "--out=build", "--quiet", "b.pulse"], ["env", "out"], ["quiet"]);

        Assert.Equal(["a.pulse", "b.pulse"], line.Positionals);
        Assert.Equal("prod", line.Option("env"));
        Assert.Equal("build", line.Option("out"));
        Assert.True(line.Switch("quiet"));
    }

    [Fact]
    public void Unknown_option_names_the_accepted_ones()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(["--evn", "prod"], ["env"], ["quiet"]));
        Assert.Equal("unknown option '--evn'; this command takes --env, --quiet", error.Message);
    }

    [Fact]
    public void Option_without_value_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(["--env"], ["env"], []));
        Assert.Equal("option '--env' needs a value", error.Message);
    }

    [Fact]
    public void Choice_rejects_values_outside_the_enum()
    {
        var line = CommandLine.Parse(["--format", "xml"], ["format"], []);
        var error = Assert.Throws<UsageException>(() => line.Choice("format", DiagnosticFormat.MsBuild));
        Assert.Equal("'--format xml' is not one of: msbuild, json, sarif, github", error.Message);
    }
}
