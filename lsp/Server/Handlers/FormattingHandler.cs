using Pulse.Lsp.Formatting;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>textDocument/formatting</c> with <see cref="PulseFormatter"/>: one edit replacing the whole
/// text when it changes, none when it is already canonical or has syntax errors.
/// </summary>
public sealed class FormattingHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public Task<TextEdit[]> FormatAsync(DocumentFormattingParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<TextEdit[]>("textDocument/formatting", cancellation, (snapshot, _) =>
        {
            var file = HandlerContext.FindFile(snapshot, parameters.TextDocument.Uri);
            if (file is null) return [];
            var result = PulseFormatter.FormatFile(file.Text, file.Path);
            if (result.Refused)
            {
                runner.Log.Info($"not formatting {file.Path}: it has syntax errors ({result.Errors[0]})");
                return [];
            }
            if (!result.Changed) return [];
            return [new TextEdit(file.RangeOf(0, file.Text.Length), result.Text)];
        });
}
