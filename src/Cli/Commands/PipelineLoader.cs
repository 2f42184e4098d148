using Pulse.Cli.Output;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;

namespace Pulse.Cli.Commands;

/// <summary>
/// The shared first step of every command that needs IR: check the spec, print its diagnostics
/// (errors stop here with exit 1), then lower it for the requested environment.
/// </summary>
public static class PipelineLoader
{
    public static PipelineIr? Lower(string file, string environment, CliContext context, out int exitCode)
    {
        var compilation = SpecFiles.Load(file, context);
        var diagnostics = compilation.GetDiagnostics();
        DiagnosticWriter.Write(diagnostics, DiagnosticFormat.MsBuild, context.Error, CliApp.Version);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            context.Error.WriteLine($"{SpecFiles.Display(file, context)}: not compiled, the spec has errors");
            exitCode = ExitCodes.Failed;
            return null;
        }
        if (!compilation.Environments.Contains(environment))
            throw new UsageException($"the pipeline has no environment '{environment}'; it has: {string.Join(", ", compilation.Environments)}");
        exitCode = ExitCodes.Ok;
        return compilation.Lower(environment);
    }

    /// <summary>The single spec a command like run or graph works on (exactly one file).</summary>
    public static string SingleSpec(IReadOnlyList<string> positionals, CliContext context)
    {
        var files = SpecFiles.Expand(positionals, context);
        if (files.Count != 1)
            throw new UsageException($"this command works on one spec, and {files.Count} were found; name one, e.g. pipelines/world-hunger.pulse");
        return files[0];
    }
}
