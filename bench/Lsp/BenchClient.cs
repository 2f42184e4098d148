using System.Text.Json;
using Nerdbank.Streams;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Rpc;
using StreamJsonRpc;

namespace Pulse.Lsp.Bench;

/// <summary>
/// An in-process server driven over the real protocol (LSP framing, JSON-RPC) as an editor drives
/// it: edits are notifications, completion is a request, diagnostics arrive as notifications.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly JsonRpc rpc;
    private readonly Task<int> server;
    private readonly DiagnosticsWaiter published = new();

    public BenchClient(LanguageServerOptions options)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream, options, CancellationToken.None));
        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        rpc.AddLocalRpcTarget(published);
        rpc.StartListening();
    }

    public async Task InitializeAsync()
    {
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities = new { } });
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
    }

    public Task OpenAsync(string uri, string text) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pulse", 1, text)));

    public Task ChangeAsync(string uri, int version, TextDocumentContentChangeEvent change) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didChange",
            new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), [change]));

    /// <summary>
    /// Asks for completion and returns how many items came back. The reply is kept as JSON rather than
    /// turned into objects: a real client runs in another process, and its garbage should not become the
    /// server's GC pauses in this one.
    /// </summary>
    public async Task<int> CompleteAsync(string uri, Position position)
    {
        var list = await rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/completion", new { textDocument = new { uri }, position });
        return list.GetProperty("items").GetArrayLength();
    }

    public Task<PublishDiagnosticsParams> DiagnosticsAsync(int version) => published.WaitForVersionAsync(version);

    public async ValueTask DisposeAsync()
    {
        await rpc.InvokeWithParameterObjectAsync<object?>("shutdown", null);
        await rpc.NotifyWithParameterObjectAsync("exit", null);
        await server;
        rpc.Dispose();
    }

    /// <summary>Collects publishDiagnostics notifications and lets the benchmark wait for a version.</summary>
    private sealed class DiagnosticsWaiter
    {
        private readonly object gate = new();
        private readonly Dictionary<int, TaskCompletionSource<PublishDiagnosticsParams>> waiting = [];
        private readonly Dictionary<int, PublishDiagnosticsParams> arrived = [];
        private static readonly JsonSerializerOptions Json = LspJson.Create();

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void Publish(JsonElement parameters)
        {
            var published = parameters.Deserialize<PublishDiagnosticsParams>(Json)!;
            if (published.Version is not { } version) return;
            lock (gate)
            {
                arrived[version] = published;
                if (waiting.Remove(version, out var waiter)) waiter.TrySetResult(published);
            }
        }

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void Log(JsonElement parameters)
        {
        }

        public Task<PublishDiagnosticsParams> WaitForVersionAsync(int version)
        {
            lock (gate)
            {
                if (arrived.TryGetValue(version, out var done)) return Task.FromResult(done);
                var source = new TaskCompletionSource<PublishDiagnosticsParams>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting[version] = source;
                return source.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
    }
}
