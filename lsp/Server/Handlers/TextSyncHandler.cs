using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// Document synchronization. These are synchronous on purpose: StreamJsonRpc runs a handler
/// inline until its first await, so edits apply strictly in arrival order and every later request
/// sees them.
/// </summary>
public sealed class TextSyncHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters) =>
        runner.Notify("textDocument/didOpen", () => runner.Manager.Open(parameters.TextDocument));

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters) =>
        runner.Notify("textDocument/didChange", () => runner.Manager.Change(parameters.TextDocument, parameters.ContentChanges));

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters) =>
        runner.Notify("textDocument/didClose", () => runner.Manager.Close(parameters.TextDocument.Uri));

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams parameters) =>
        runner.Notify("textDocument/didSave", () => runner.Manager.Refresh());

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams parameters) =>
        runner.Notify("workspace/didChangeWatchedFiles", () => runner.Manager.Refresh());
}
