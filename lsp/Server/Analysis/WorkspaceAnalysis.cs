using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Analysis;

/// <summary>The analysis of one workspace state: parsed files, the compilation and its diagnostics.</summary>
public sealed class WorkspaceAnalysis
{
    private readonly DocumentStore documents;

    private WorkspaceAnalysis(DocumentStore documents) => this.documents = documents;

    public static WorkspaceAnalysis Create(string? rootPath, DocumentStore documents, WorkspaceAnalysis? previous) => new(documents);

    public IReadOnlyList<FileDiagnostics> GetDiagnostics() =>
        documents.Documents.Values.Select(d => new FileDiagnostics(d.Uri, [])).ToList();
}
