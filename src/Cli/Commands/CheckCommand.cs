using Pulse.Cli.Output;
using Pulse.Language.Diagnostics;

namespace Pulse.Cli.Commands;

/// <summary><c>pulse check</c>: every diagnostic of every spec, in the chosen format; exit 1 on errors.</summary>
public sealed class CheckCommand : ICommand
{
    public string Name => "check";
    public string Summary => "validate specs and print coded diagnostics";
    public string Help => """
        usage: pulse check [paths...] [--format msbuild|json|sarif|github]

        Checks every spec (a file, or every *.pulse in a folder; default: this folder) with its imports.
        Prints one diagnostic per line as path(line,col): severity CODE: message (msbuild, the default),
        a JSON array, a SARIF 2.1.0 log, or GitHub workflow annotations.
        Exit code: 0 no errors (warnings allowed), 1 errors, 2 usage or I/O error.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["format"], []);
        var format = line.Choice("format", DiagnosticFormat.MsBuild);
        var files = SpecFiles.Expand(line.Positionals, context);
        var diagnostics = SpecFiles.Distinct(files.SelectMany(file => SpecFiles.Load(file, context).GetDiagnostics()));

        DiagnosticWriter.Write(diagnostics, format, context.Out, CliApp.Version);
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        context.Error.WriteLine($"checked {Plural(files.Count, "spec")}: {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        return errors > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    internal static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
