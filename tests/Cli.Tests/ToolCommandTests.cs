using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pulse.Cli.Tests;

public class FmtCommandTests
{
    [Fact]
    public void Examples_are_formatted()
    {
        var result = CliHarness.InRepo("fmt", "pipelines", "--check");
        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Check_reports_and_fmt_rewrites_keeping_comments()
    {
        var folder = CliHarness.TempFolder();
        var spec = Path.Combine(folder, "messy.pulse");
        File.WriteAllText(spec, "// keep me\nsource   s :csv{path=\"a.csv\"\nschema{a:int}}\n");

        var check = CliHarness.Run(folder, "fmt", "--check");
        var fmt = CliHarness.Run(folder, "fmt");
        var again = CliHarness.Run(folder, "fmt", "--check");

        Assert.Equal(1, check.Exit);
        Assert.Contains("messy.pulse: not formatted", check.Out);
        Assert.Equal(0, fmt.Exit);
        Assert.Contains("// keep me", File.ReadAllText(spec));
        Assert.Contains("source s: csv {", File.ReadAllText(spec));
        Assert.Equal(0, again.Exit);
    }
}

public class PlanCommandTests
{
    [Fact]
    public void First_plan_writes_the_initial_migration_and_the_second_finds_nothing()
    {
        var outDir = CliHarness.TempFolder();

        var first = CliHarness.InRepo("plan", "pipelines/orders.pulse", "--env", "local", "--out", outDir);
        var second = CliHarness.InRepo("plan", "pipelines/orders.pulse", "--env", "local", "--out", outDir);

        Assert.Equal(0, first.Exit);
        Assert.Contains("[safe] create table shop.customer_revenue", first.Out);
        Assert.True(File.Exists(Path.Combine(outDir, "migrations", "0001_initial.sql")));
        Assert.Equal(0, second.Exit);
        Assert.Contains("up to date", second.Out);
    }
}

public class LspCommandTests
{
    private static void Send(Stream stream, object message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        stream.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        stream.Write(body);
        stream.Flush();
    }

    private static JsonElement Receive(Stream stream)
    {
        var header = new StringBuilder();
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)) header.Append((char)stream.ReadByte());
        var length = int.Parse(header.ToString().Split(':')[1].Trim());
        var body = new byte[length];
        stream.ReadExactly(body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public void Pulse_lsp_answers_initialize_and_shuts_down_cleanly()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "pulse.dll"), "lsp"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var input = process.StandardInput.BaseStream;
        var output = process.StandardOutput.BaseStream;

        Send(input, new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { processId = (int?)null, rootUri = (string?)null, capabilities = new { } } });
        var initialized = Receive(output);
        Send(input, new { jsonrpc = "2.0", id = 2, method = "shutdown" });
        var shutdown = Receive(output);
        Send(input, new { jsonrpc = "2.0", method = "exit" });

        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(0, process.ExitCode);
        var capabilities = initialized.GetProperty("result").GetProperty("capabilities");
        Assert.True(capabilities.TryGetProperty("completionProvider", out _));
        Assert.True(capabilities.TryGetProperty("documentFormattingProvider", out _));
        Assert.Equal(2, shutdown.GetProperty("id").GetInt32());
    }
}
