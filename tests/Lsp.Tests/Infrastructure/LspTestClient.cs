using System.Collections.Concurrent;
using System.Text.Json;
using Nerdbank.Streams;
using Pulse.Lsp;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Rpc;
using StreamJsonRpc;

namespace Pulse.Lsp.Tests.Infrastructure;

/// <summary>
/// Drives an in-process server over a duplex stream exactly as an editor does: LSP framing,
/// JSON-RPC requests and notifications, and the server's notifications collected as they come.
/// </summary>
public sealed class LspTestClient : IAsyncDisposable
{
    private readonly JsonRpc rpc;
    private readonly CancellationTokenSource stop = new();
    private readonly List<PublishDiagnosticsParams> diagnostics = [];
    private readonly object gate = new();
    private readonly SemaphoreSlim diagnosticsArrived = new(0);

    private LspTestClient(Stream clientStream, Task<int> server)
    {
        Server = server;
        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        rpc.AddLocalRpcTarget(new ClientTarget(this));
        rpc.StartListening();
    }

    public Task<int> Server { get; }
    public ConcurrentQueue<string> LogMessages { get; } = new();
    public static readonly JsonSerializerOptions Json = LspJson.Create();

    public static LspTestClient Start(LanguageServerOptions? options = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        options ??= new LanguageServerOptions { DiagnosticsDelay = TimeSpan.FromMilliseconds(20), LogToStandardError = false };
        var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream, options, CancellationToken.None));
        return new LspTestClient(clientStream, server);
    }

    public static async Task<LspTestClient> StartInitializedAsync(string? rootPath = null)
    {
        var client = Start();
        await client.InitializeAsync(rootPath);
        return client;
    }

    public async Task<InitializeResult> InitializeAsync(string? rootPath = null)
    {
        var result = await RequestAsync<InitializeResult>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = rootPath is null ? null : Documents.DocumentUri.FromPath(rootPath),
            capabilities = new { },
        });
        await NotifyAsync("initialized", new { });
        return result;
    }

    public async Task<T> RequestAsync<T>(string method, object? parameters, CancellationToken cancellation = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await rpc.InvokeWithParameterObjectAsync<T>(method, parameters, timeout.Token);
    }

    public Task NotifyAsync(string method, object? parameters) => rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task OpenAsync(string uri, string text, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pulse", version, text)));

    public Task ChangeAsync(string uri, int version, params TextDocumentContentChangeEvent[] changes) =>
        NotifyAsync("textDocument/didChange", new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), changes));

    /// <summary>Waits for the first diagnostics publication for a URI that satisfies a condition.</summary>
    public async Task<PublishDiagnosticsParams> WaitForDiagnosticsAsync(string uri, Func<PublishDiagnosticsParams, bool>? condition = null, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var seen = 0;
        while (true)
        {
            lock (gate)
            {
                for (; seen < diagnostics.Count; seen++)
                    if (diagnostics[seen].Uri == uri && (condition is null || condition(diagnostics[seen])))
                        return diagnostics[seen];
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await diagnosticsArrived.WaitAsync(left))
                throw new TimeoutException($"no matching diagnostics for {uri}; got: {string.Join(" | ", AllDiagnostics().Select(d => $"{d.Uri} v{d.Version}: {d.Diagnostics.Length}"))}");
        }
    }

    public IReadOnlyList<PublishDiagnosticsParams> AllDiagnostics()
    {
        lock (gate) return diagnostics.ToList();
    }

    private void OnDiagnostics(JsonElement parameters)
    {
        var published = parameters.Deserialize<PublishDiagnosticsParams>(Json)!;
        lock (gate) diagnostics.Add(published);
        diagnosticsArrived.Release();
    }

    /// <summary>The client's side of server-to-client notifications (one parameter object each, as LSP sends them).</summary>
    private sealed class ClientTarget(LspTestClient client)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(JsonElement parameters) => client.OnDiagnostics(parameters);

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void LogMessage(JsonElement parameters) => client.LogMessages.Enqueue(parameters.GetProperty("message").GetString() ?? "");
    }

    public async Task<int> ShutdownAndExitAsync()
    {
        await rpc.InvokeWithParameterObjectAsync<object?>("shutdown", null);
        await rpc.NotifyWithParameterObjectAsync("exit", null);
        return await Server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        rpc.Dispose();
        try { await Server.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { /* a test may have ended it already */ }
        stop.Dispose();
    }
}
