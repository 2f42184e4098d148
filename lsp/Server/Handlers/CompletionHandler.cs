using Pulse.Lsp.Completion;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary><c>textDocument/completion</c> with <see cref="CompletionProvider"/>.</summary>
public sealed class CompletionHandler(RequestRunner runner)
{
    public static readonly string[] TriggerCharacters = [".", ":", "="];

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public Task<CompletionList> CompleteAsync(CompletionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/completion", cancellation, (snapshot, _) =>
        {
            var analysis = snapshot.Analysis;
            var file = analysis.GetFile(parameters.TextDocument.Uri);
            var unit = file is null ? null : analysis.UnitOf(file.Path);
            if (file is null || unit is null) return new CompletionList(false, []);
            file = unit.FindFile(file.Path) ?? file;
            return CompletionProvider.Complete(file, unit, file.OffsetOf(parameters.Position));
        });
}
