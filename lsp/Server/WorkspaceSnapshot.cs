using Pulse.Lsp.Analysis;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp;

/// <summary>
/// One consistent state of the workspace: the open documents and, computed on first use and then
/// shared by every request on this state, the analysis (syntax trees, compilation, diagnostics).
/// </summary>
public sealed class WorkspaceSnapshot
{
    private readonly Lazy<WorkspaceAnalysis> analysis;

    public WorkspaceSnapshot(long generation, string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous, DiskFileCache disk)
    {
        Generation = generation;
        RootPath = rootPath;
        Documents = documents;
        Disk = disk;
        analysis = new Lazy<WorkspaceAnalysis>(() => WorkspaceAnalysis.Create(rootPath, documents, previous, disk), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public long Generation { get; }
    public string? RootPath { get; }
    public DocumentStore Documents { get; }
    public DiskFileCache Disk { get; }
    public WorkspaceAnalysis Analysis => analysis.Value;
    internal WorkspaceAnalysis? AnalysisIfCreated => analysis.IsValueCreated ? analysis.Value : null;
}
