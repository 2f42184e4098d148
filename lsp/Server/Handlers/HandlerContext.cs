using Pulse.Lsp.Analysis;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Handlers;

/// <summary>Looks up the file a request is about in a snapshot: open, imported, or else read from disk.</summary>
internal static class HandlerContext
{
    public static DocumentAnalysis? FindFile(WorkspaceSnapshot snapshot, string uri) =>
        snapshot.Analysis.GetFile(uri) ?? snapshot.Disk.Get(DocumentUri.ToPath(uri));
}
