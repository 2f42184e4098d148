using Pulse.Cli.Output;
using Pulse.Cli.Rendering;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;

namespace Pulse.Cli.Commands;

/// <summary>
/// <c>pulse run</c>: executes the pipeline on this machine for an environment (default local:
/// DuckDB and the in-process Kafka mock cluster), shows progress, and ends with a summary.
/// </summary>
public sealed class RunCommand : ICommand
{
    public enum OutputFormat { Table, Json }

    public string Name => "run";
    public string Summary => "run the pipeline here (DuckDB, in-process Kafka) or against real services";
    public string Help => """
        usage: pulse run [spec] [--env NAME] [--state DIR] [--full-refresh] [--quiet] [--format table|json]

        Runs every batch view (write, audit, then publish in one transaction), the speed views over the
        stream sources, and the serving views; then writes the sinks. The state (DuckDB database, local
        sink files, quarantine) lives in DIR (default: .pulse/ next to the spec). Views with incremental on
        read their inputs from the last published high-water mark; --full-refresh recomputes them in full.
        Exit code: 0 succeeded, 1 the spec has errors or the run failed, 2 usage or I/O error.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["env", "state", "format"], ["quiet", "full-refresh"]);
        var format = line.Choice("format", OutputFormat.Table);
        var quiet = line.Switch("quiet");
        var ir = PipelineLoader.Lower(PipelineLoader.SingleSpec(line.Positionals, context), line.Option("env") ?? "local", context, out var exit);
        if (ir is null) return exit;
        // The runtime reads data files relative to the spec; anchor them to this command's folder, not the process's.
        ir = ir with { BaseDirectory = context.Resolve(ir.BaseDirectory) };

        var console = context.CreateConsole();
        var progress = new RunProgress(console, context.Interactive, quiet || format == OutputFormat.Json);
        var stateDirectory = line.Option("state") is { } state ? context.Resolve(state) : null;
        var now = DateTimeOffset.UtcNow;

        // Lambda order: the speed layer consumes the streams first, so the batch run can serve its
        // results through the serving views in the same publish.
        SpeedRunResult? speed = null;
        if (ir.Views.Any(v => v.Layer == ViewLayer.Speed))
        {
            // Local sinks of speed views write into the same state directory as the batch run.
            var speedOptions = new SpeedRunOptions { Now = now, StateDirectory = StateLayout.StateDirectory(ir, new RunOptions { StateDirectory = stateDirectory }) };
            speed = progress.RunAsync(p => SpeedLayerRunner.RunAsync(ir, speedOptions, new SpeedProgress(p)))
                .GetAwaiter().GetResult();
            if (speed.Status != SpeedRunStatus.Succeeded)
            {
                if (format == OutputFormat.Json) context.Out.WriteLine(speed.ToJson());
                else context.Error.WriteLine(speed.Error?.ToString() ?? "the speed layer failed");
                return ExitCodes.Failed;
            }
        }
        var options = new RunOptions
        {
            StateDirectory = stateDirectory, Now = now, SpeedResults = speed?.Results, SpeedSinkReports = speed?.Sinks ?? [],
            FullRefresh = line.Switch("full-refresh"),
        };
        var report = progress.RunAsync(p => PipelineRunner.RunBatchAsync(ir, options, p)).GetAwaiter().GetResult();

        if (format == OutputFormat.Json) context.Out.WriteLine(RunJson.Combine(report, speed));
        else if (quiet)
        {
            if (report.Error is { } error) context.Error.WriteLine(error.ToString());
        }
        else
        {
            if (speed is not null) SpeedReportRenderer.Render(speed, console);
            RunReportRenderer.Render(report, console);
        }
        return report.Status == RunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
