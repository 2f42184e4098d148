using Pulse.Cli.Output;
using Pulse.Runtime.Execution;

namespace Pulse.Cli.Commands;

/// <summary><c>pulse quarantine replay</c>: re-runs a source's quarantined rows through its current rules.</summary>
public sealed class QuarantineCommand : ICommand
{
    public string Name => "quarantine";
    public string Summary => "replay quarantined rows after fixing a rule";
    public string Help => """
        usage: pulse quarantine replay <source> [spec] [--state DIR] [--env NAME]

        Runs the quarantined rows of <source> through the source's current cleaning rules: rows that now
        pass join the clean table and leave quarantine; the others stay, with their new reason.
        The next `pulse run` recomputes the views.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["state", "env"], []);
        if (line.Positionals.Count < 2 || line.Positionals[0] != "replay")
            throw new UsageException("usage: pulse quarantine replay <source> [spec]");
        var source = line.Positionals[1];
        var ir = PipelineLoader.Lower(PipelineLoader.SingleSpec(line.Positionals.Skip(2).ToList(), context), line.Option("env") ?? "local", context, out var exit);
        if (ir is null) return exit;
        if (ir.FindSource(source) is null) throw new UsageException($"no source named '{source}'");
        ir = ir with { BaseDirectory = context.Resolve(ir.BaseDirectory) };
        var options = new RunOptions { StateDirectory = line.Option("state") is { } s ? context.Resolve(s) : null };
        var report = QuarantineReplay.ReplayAsync(ir, source, options).GetAwaiter().GetResult();
        if (report.Error is { } error)
        {
            context.Error.WriteLine(error.ToString());
            return ExitCodes.Failed;
        }
        context.Out.WriteLine($"{source}: replayed {report.Replayed}, recovered {report.Recovered}, dropped {report.Dropped}, still quarantined {report.StillQuarantined}");
        return ExitCodes.Ok;
    }
}
