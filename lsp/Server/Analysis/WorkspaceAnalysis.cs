using System.Collections.Immutable;
using Pulse.Language.Syntax;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// The analysis of one workspace state. Every open document is the root of a compilation unit
/// made of it and the files it imports (transitively; read from disk unless open), exactly the
/// files <c>pulse check &lt;file&gt;</c> reads. Parsed files are reused from the previous state
/// when their text did not change.
/// </summary>
public sealed class WorkspaceAnalysis
{
    private readonly ImmutableSortedDictionary<string, DocumentAnalysis> files;
    private readonly ImmutableArray<CompilationUnit> units;

    private WorkspaceAnalysis(string? rootPath, DiskFileCache disk, ImmutableSortedDictionary<string, DocumentAnalysis> files, ImmutableArray<CompilationUnit> units)
    {
        RootPath = rootPath;
        Disk = disk;
        this.files = files;
        this.units = units;
    }

    public string? RootPath { get; }
    public DiskFileCache Disk { get; }

    /// <summary>Open documents and the files they import, by path.</summary>
    public IReadOnlyDictionary<string, DocumentAnalysis> Files => files;

    public ImmutableArray<CompilationUnit> Units => units;

    public DocumentAnalysis? GetFile(string uri) => files.GetValueOrDefault(DocumentUri.ToPath(uri));

    /// <summary>The unit to answer questions about a file in: the one rooted at it, else any that contains it.</summary>
    public CompilationUnit? UnitOf(string path) =>
        units.FirstOrDefault(u => u.Root.Path == path) ?? units.FirstOrDefault(u => u.Contains(path));

    public static WorkspaceAnalysis Create(string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous, DiskFileCache disk)
    {
        var parsed = ImmutableSortedDictionary.CreateBuilder<string, DocumentAnalysis>(StringComparer.Ordinal);
        foreach (var document in documents.Documents.Values)
        {
            var reused = previous?.files.GetValueOrDefault(document.Path);
            parsed[document.Path] = reused is not null && reused.Version is not null && string.Equals(reused.Text, document.Text, StringComparison.Ordinal)
                ? (reused.Version == document.Version && reused.Uri == document.Uri ? reused : new DocumentAnalysis(document.Path, document.Uri, document.Text, document.Version, reused.Tree))
                : DocumentAnalysis.Parse(document.Path, document.Uri, document.Text, document.Version);
        }

        var units = ImmutableArray.CreateBuilder<CompilationUnit>();
        foreach (var root in documents.Documents.Keys)
        {
            var members = new List<DocumentAnalysis>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<string>([root]);
            while (pending.Count > 0)
            {
                var path = pending.Dequeue();
                if (!seen.Add(path)) continue;
                var file = parsed.GetValueOrDefault(path) ?? disk.Get(path);
                if (file is null) continue; // a missing import: the checker reports it
                parsed[path] = file;
                members.Add(file);
                foreach (var import in ImportsOf(file)) pending.Enqueue(import);
            }
            units.Add(new CompilationUnit(members.ToImmutableArray()));
        }
        return new WorkspaceAnalysis(rootPath, disk, parsed.ToImmutable(), units.ToImmutable());
    }

    /// <summary>Absolute paths of a file's imports, resolved against its folder.</summary>
    public static IEnumerable<string> ImportsOf(DocumentAnalysis file)
    {
        var folder = Path.GetDirectoryName(file.Path);
        foreach (var import in file.Tree.Root.Imports)
        {
            if (import.Path.IsMissing || import.PathText.Length == 0 || folder is null) continue;
            string resolved;
            try
            {
                resolved = Path.GetFullPath(Path.Combine(folder, import.PathText));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue;
            }
            yield return resolved;
        }
    }

    /// <summary>Diagnostics of every file in every unit (each reported once), in protocol form.</summary>
    public IReadOnlyList<FileDiagnostics> GetDiagnostics()
    {
        var byFile = new SortedDictionary<string, List<Protocol.Diagnostic>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string, int, int, string)>();
        foreach (var unit in units)
        {
            foreach (var file in unit.Files)
                if (!byFile.ContainsKey(file.Uri)) byFile[file.Uri] = [];
            foreach (var (file, diagnostic) in unit.GetDiagnostics())
            {
                if (!seen.Add((file.Uri, diagnostic.Code, diagnostic.Span.Start, diagnostic.Span.Length, diagnostic.Message))) continue;
                byFile[file.Uri].Add(DiagnosticConverter.ToProtocol(file, diagnostic));
            }
        }
        return byFile.Select(p => new FileDiagnostics(p.Key, p.Value.ToArray())).ToList();
    }
}
