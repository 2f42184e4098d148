using Pulse.Lsp.Analysis;
using Pulse.Lsp.Handlers;
using Pulse.Lsp.Rpc;
using StreamJsonRpc;

namespace Pulse.Lsp;

/// <summary>
/// The Pulse language server: JSON-RPC 2.0 with LSP framing (<c>Content-Length</c> headers) over
/// a pair of streams, usually stdin/stdout of <c>pulse lsp</c>.
/// </summary>
public static class LanguageServer
{
    /// <summary>
    /// Serves until the client sends <c>exit</c>, closes the input, or <paramref name="cancellation"/>
    /// fires. Returns the process exit code the protocol asks for: 0 after an orderly
    /// shutdown/exit, 1 otherwise.
    /// </summary>
    public static Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellation) =>
        RunAsync(input, output, LanguageServerOptions.Default, cancellation);

    public static async Task<int> RunAsync(Stream input, Stream output, LanguageServerOptions options, CancellationToken cancellation)
    {
        var log = new ClientLog(options.LogToStandardError);
        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        using var rpc = new LspJsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter), log);
        log.Attach(rpc);

        var lifecycle = new ServerLifecycle();
        var manager = new CompilationManager(services: new AnalysisServices(beforeCheck: options.BeforeCheck));
        var idle = options.CollectWhenIdle ? new IdleCollector() : null;
        var runner = new RequestRunner(lifecycle, manager, log, idle);
        using var publisher = new DiagnosticsPublisher(
            p => rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p), log, options.DiagnosticsDelay, idle);
        manager.Changed += publisher.Schedule;

        foreach (var handler in CreateHandlers(runner))
            rpc.AddLocalRpcTarget(handler, new JsonRpcTargetOptions { DisposeOnDisconnect = false });

        rpc.StartListening();
        var cancelled = Task.Delay(Timeout.Infinite, cancellation);
        await Task.WhenAny(rpc.Completion, lifecycle.Exited, cancelled).ConfigureAwait(false);
        manager.Changed -= publisher.Schedule;
        if (rpc.Completion.IsFaulted) log.Error($"connection closed: {rpc.Completion.Exception?.GetBaseException().Message}");
        return lifecycle.Exited.IsCompleted ? await lifecycle.Exited.ConfigureAwait(false) : 1;
    }

    private static IEnumerable<object> CreateHandlers(RequestRunner runner)
    {
        yield return new LifecycleHandler(runner, ServerCapabilitiesFactory.Create);
        yield return new TextSyncHandler(runner);
        yield return new FormattingHandler(runner);
        yield return new FoldingRangeHandler(runner);
        yield return new SemanticTokensHandler(runner);
        yield return new DocumentSymbolHandler(runner);
        yield return new WorkspaceSymbolHandler(runner);
        yield return new NavigationHandler(runner);
        yield return new RenameHandler(runner);
        yield return new HoverHandler(runner);
        yield return new CompletionHandler(runner);
        yield return new SignatureHelpHandler(runner);
        yield return new CodeActionHandler(runner);
    }
}
