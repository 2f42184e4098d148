using Pulse.Lsp.Analysis;
using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp;

/// <summary>
/// Owns the open documents and the current immutable analysis. Edits arrive in order on the
/// protocol thread and each produces a new <see cref="WorkspaceSnapshot"/>; feature handlers take
/// the current snapshot and never see a half-applied edit.
/// </summary>
public sealed class CompilationManager
{
    private readonly object gate = new();
    private readonly AnalysisServices services;
    private WorkspaceSnapshot current;

    public CompilationManager(string? rootPath = null, AnalysisServices? services = null)
    {
        this.services = services ?? new AnalysisServices();
        current = new WorkspaceSnapshot(0, rootPath, DocumentStore.Empty, null, this.services);
    }

    /// <summary>Raised after every change of the document set (open, edit, close, save, files on disk).</summary>
    public event Action<WorkspaceSnapshot>? Changed;

    public WorkspaceSnapshot Current
    {
        get { lock (gate) return current; }
    }

    public void SetRoot(string? rootPath) => Update(s => (rootPath, s.Documents));

    public void Open(TextDocumentItem item) =>
        Update(s => (s.RootPath, s.Documents.With(new TextDocument(item.Uri, DocumentUri.ToPath(item.Uri), item.Version, item.Text))));

    public void Change(VersionedTextDocumentIdentifier id, IReadOnlyList<TextDocumentContentChangeEvent> changes) =>
        Update(s =>
        {
            var document = s.Documents.FindByUri(id.Uri)
                ?? throw new InvalidOperationException($"didChange for a document that is not open: {id.Uri}");
            return (s.RootPath, s.Documents.With(document.WithChanges(id.Version, changes)));
        });

    public void Close(string uri)
    {
        Update(s => (s.RootPath, s.Documents.Without(DocumentUri.ToPath(uri))));
        services.Checked.Forget(DocumentUri.ToPath(uri));
    }

    /// <summary>A file changed on disk (saved, or edited outside): re-read whatever is not open.</summary>
    public void Refresh() => Update(s => (s.RootPath, s.Documents), reuseAnalysis: false);

    private void Update(Func<WorkspaceSnapshot, (string? Root, DocumentStore Documents)> change, bool reuseAnalysis = true)
    {
        WorkspaceSnapshot next;
        lock (gate)
        {
            var (root, documents) = change(current);
            next = new WorkspaceSnapshot(current.Generation + 1, root, documents, reuseAnalysis ? current.AnalysisToBuildOn : null, services);
            current = next;
        }
        Changed?.Invoke(next);
    }
}
