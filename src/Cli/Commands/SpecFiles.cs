using Pulse.Cli.Output;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Cli.Commands;

/// <summary>
/// Turns the paths on a command line into compilations: a file is one pipeline (with its
/// imports); a folder contributes every <c>*.pulse</c> file in it (not recursive). No path means the
/// working directory. A missing or unreadable path is an I/O error (exit 2), never a stack trace.
/// </summary>
public static class SpecFiles
{
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> paths, CliContext context)
    {
        var files = new List<string>();
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            var full = context.Resolve(path);
            if (File.Exists(full)) files.Add(full);
            else if (Directory.Exists(full))
            {
                var specs = Directory.GetFiles(full, "*.pulse").Order(StringComparer.Ordinal).ToList();
                if (specs.Count == 0 && paths.Count > 0) throw new IoException($"no .pulse files in '{path}'");
                files.AddRange(specs);
            }
            else throw new IoException($"cannot read '{path}': no such file or folder");
        }
        if (files.Count == 0) throw new IoException("no .pulse files here; name a spec, e.g. pulse check pipelines/world-hunger.pulse");
        return files.Distinct().ToList();
    }

    /// <summary>One compilation per spec file, with paths shown relative to the working directory.</summary>
    public static Compilation Load(string file, CliContext context)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IoException($"cannot read '{Display(file, context)}': {e.Message}");
        }
        // Paths are shown relative to the working directory; imports resolve against the importing
        // file's (relative) path, so the loader reads relative to the working directory too.
        var display = Display(file, context);
        var loader = new FileSystemSpecLoader(context.WorkingDirectory);
        return Compilation.Create([new SourceText(display, text)], loader);
    }

    public static string Display(string file, CliContext context)
    {
        var relative = Path.GetRelativePath(context.WorkingDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    /// <summary>Diagnostics of several compilations, once each (a file imported by two roots is reported once).</summary>
    public static List<Diagnostic> Distinct(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.DistinctBy(d => (d.Source.Path, d.Span, d.Code, d.Message))
            .OrderBy(d => d.Source.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ToList();
}

/// <summary>A file that cannot be found or read: exit 2 with the message.</summary>
public sealed class IoException(string message) : Exception(message);
