using Pulse.Lsp.Analysis;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp;

/// <summary>
/// One consistent state of the workspace: the open documents and, computed on first use and then
/// shared by every request on this state, the analysis (syntax trees, then on demand the check).
/// </summary>
public sealed class WorkspaceSnapshot
{
    private readonly Lazy<WorkspaceAnalysis> analysis;
    private WorkspaceAnalysis? previous; // what the analysis builds on; dropped once it exists

    public WorkspaceSnapshot(long generation, string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous, AnalysisServices services)
    {
        Generation = generation;
        RootPath = rootPath;
        Documents = documents;
        Services = services;
        this.previous = previous;
        analysis = new Lazy<WorkspaceAnalysis>(() =>
        {
            var created = WorkspaceAnalysis.Create(rootPath, documents, this.previous, services);
            this.previous = null;
            return created;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public long Generation { get; }
    public string? RootPath { get; }
    public DocumentStore Documents { get; }
    public AnalysisServices Services { get; }
    public DiskFileCache Disk => Services.Disk;

    /// <summary>The parsed units of this state (creating it parses what changed; checking is a further step, see <see cref="CompilationUnit"/>).</summary>
    public WorkspaceAnalysis Analysis => analysis.Value;

    /// <summary>
    /// What the next state's analysis should build on: this state's analysis, or when nobody asked for
    /// it (edits faster than the debounce), the one this state would have built on, so that a run of
    /// quick edits still reuses the parsed trees.
    /// </summary>
    internal WorkspaceAnalysis? AnalysisToBuildOn
    {
        get
        {
            var before = previous;
            return analysis.IsValueCreated ? analysis.Value : before ?? (analysis.IsValueCreated ? analysis.Value : null);
        }
    }
}
