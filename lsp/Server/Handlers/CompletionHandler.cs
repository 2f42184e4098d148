using Pulse.Lsp.Completion;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>textDocument/completion</c> with <see cref="CompletionProvider"/>. Never waits for the check of
/// the current text: it answers from the current text's syntax (parsing only) and takes column types
/// from the newest unit whose check has finished, which is this one once it is checked and a version
/// an edit or two older while the check of the newest edit is still running. Only when no version of
/// the file has been checked yet (right after opening it) does it wait for the check, once.
/// </summary>
public sealed class CompletionHandler(RequestRunner runner)
{
    public static readonly string[] TriggerCharacters = [".", ":", "="];

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public Task<CompletionList> CompleteAsync(CompletionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/completion", cancellation, (snapshot, token) =>
        {
            var analysis = snapshot.Analysis;
            var file = analysis.GetFile(parameters.TextDocument.Uri);
            var unit = file is null ? null : analysis.UnitOf(file.Path);
            if (file is null || unit is null) return new CompletionList(false, []);
            file = unit.FindFile(file.Path) ?? file;
            var checkedUnit = unit.IsChecked ? unit : snapshot.Services.Checked.Latest(unit.RootPath) ?? unit;
            return CompletionProvider.Complete(file, unit, file.OffsetOf(parameters.Position), checkedUnit, token);
        });
}
