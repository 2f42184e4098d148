using Pulse.Cli.Output;
using Pulse.Runtime.Testing;

namespace Pulse.Cli.Commands;

/// <summary>
/// <c>pulse test</c>: runs the <c>test</c> blocks of every spec on the embedded engine (batch views on a
/// fresh temporary DuckDB state fed with the given rows, speed views through the speed layer's test path)
/// and prints PASS/FAIL per test with a row diff for each failing view.
/// </summary>
public sealed class TestCommand : ICommand
{
    public string Name => "test";
    public string Summary => "run the specs' test blocks on the embedded engine";
    public string Help => """
        usage: pulse test [paths...] [--filter NAME]

        Runs every `test` of every spec (a file, or every *.pulse in a folder; default: this folder).
        --filter runs only the tests whose name contains NAME. Each given source's rows replace its input
        (sources a test gives nothing are empty); cleaning and expectations run as in `pulse run`; no sink
        is written. Stream events go through the speed layer too (watermark lines close its windows), and a
        serving view merges the batch rows with the speed rows at the batch horizon, as `pulse run` does.
        Rows are compared as multisets on the columns each expected row names.
        Exit code: 0 all passed, 1 a test failed or a spec has errors, 2 usage or I/O error.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["filter"], []);
        var filter = line.Option("filter");
        var files = SpecFiles.Expand(line.Positionals, context);
        int passed = 0, failed = 0;
        var specErrors = false;
        foreach (var file in files)
        {
            var ir = PipelineLoader.Lower(file, "local", context, out _);
            if (ir is null) { specErrors = true; continue; }
            // Data paths are relative to the spec; anchor them to this command's folder, not the process's.
            ir = ir with { BaseDirectory = context.Resolve(ir.BaseDirectory) };
            var now = DateTimeOffset.UtcNow;
            foreach (var test in ir.Tests.Where(t => filter is null || t.Name.Contains(filter, StringComparison.Ordinal)))
            {
                var result = PipelineTestRunner.RunAsync(ir, test, now).GetAwaiter().GetResult();
                if (result.Passed)
                {
                    passed++;
                    context.Out.WriteLine($"PASS {test.Name}");
                }
                else
                {
                    failed++;
                    context.Out.WriteLine($"FAIL {test.Name}");
                    context.Out.Write(TestReportText.Describe(result));
                }
            }
        }
        context.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed > 0 || specErrors ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
