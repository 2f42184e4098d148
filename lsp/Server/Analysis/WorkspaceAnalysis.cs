using System.Collections.Immutable;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// The analysis of one workspace state. Every open document is the root of a compilation unit
/// made of it and the files it imports (transitively; read from disk unless open), exactly the
/// files <c>pulse check &lt;file&gt;</c> reads. A unit whose files did not change is reused from
/// the previous state, so editing one file does not re-check unrelated ones; a unit whose files
/// changed is created from its previous version, keeping the trees of the files that did not.
/// </summary>
public sealed class WorkspaceAnalysis
{
    private readonly ImmutableSortedDictionary<string, DocumentAnalysis> files;
    private readonly ImmutableArray<CompilationUnit> units;

    private WorkspaceAnalysis(string? rootPath, AnalysisServices services, ImmutableSortedDictionary<string, DocumentAnalysis> files, ImmutableArray<CompilationUnit> units)
    {
        RootPath = rootPath;
        Services = services;
        this.files = files;
        this.units = units;
    }

    public string? RootPath { get; }
    public AnalysisServices Services { get; }
    public DiskFileCache Disk => Services.Disk;

    /// <summary>Open documents and the files they import, by path.</summary>
    public IReadOnlyDictionary<string, DocumentAnalysis> Files => files;

    public ImmutableArray<CompilationUnit> Units => units;

    public DocumentAnalysis? GetFile(string uri) => files.GetValueOrDefault(DocumentUri.ToPath(uri));

    /// <summary>The unit to answer questions about a file in: the one rooted at it, else any that contains it.</summary>
    public CompilationUnit? UnitOf(string path) =>
        units.FirstOrDefault(u => u.RootPath == path) ?? units.FirstOrDefault(u => u.Contains(path));

    public static WorkspaceAnalysis Create(string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous, DiskFileCache disk) =>
        Create(rootPath, documents, previous, new AnalysisServices(disk));

    public static WorkspaceAnalysis Create(string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous, AnalysisServices services)
    {
        var units = ImmutableArray.CreateBuilder<CompilationUnit>();
        foreach (var document in documents.Documents.Values)
        {
            var before = previous?.units.FirstOrDefault(u => u.RootPath == document.Path);
            units.Add(before is not null && before.IsCurrentFor(documents) ? before : CompilationUnit.Create(document, documents, before, services));
        }

        var parsed = ImmutableSortedDictionary.CreateBuilder<string, DocumentAnalysis>(StringComparer.Ordinal);
        foreach (var unit in units)
            foreach (var file in unit.Files)
                if (!parsed.ContainsKey(file.Path) || unit.RootPath == file.Path) parsed[file.Path] = file;
        return new WorkspaceAnalysis(rootPath, services, parsed.ToImmutable(), units.ToImmutable());
    }

    /// <summary>Diagnostics of every file in every unit (each reported once), in protocol form. Checks what is not checked yet.</summary>
    public IReadOnlyList<FileDiagnostics> GetDiagnostics(CancellationToken cancellation = default)
    {
        var byFile = new SortedDictionary<string, List<Protocol.Diagnostic>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string, int, int, string)>();
        foreach (var unit in units)
        {
            foreach (var file in unit.Files)
                if (!byFile.ContainsKey(file.Uri)) byFile[file.Uri] = [];
            foreach (var (file, diagnostic) in unit.GetDiagnostics(cancellation))
            {
                if (!seen.Add((file.Uri, diagnostic.Code, diagnostic.Span.Start, diagnostic.Span.Length, diagnostic.Message))) continue;
                byFile[file.Uri].Add(DiagnosticConverter.ToProtocol(file, diagnostic));
            }
        }
        return byFile.Select(p => new FileDiagnostics(p.Key, p.Value.ToArray())).ToList();
    }
}
