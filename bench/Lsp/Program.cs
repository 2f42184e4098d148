using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nerdbank.Streams;
using Pulse.Lsp;
using Pulse.Lsp.Bench;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Rpc;
using StreamJsonRpc;

// Measures, on a generated 2,000-line spec, over the real protocol (in-process streams):
//  - diagnostics after an edit: didChange sent -> publishDiagnostics for that version received
//    (debounce set to 0 so the number is the server's work, not the configured quiet time);
//  - completion: request -> response, on a snapshot the edit has just invalidated and on a settled one.
var iterations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 60;
var text = SpecGenerator.Generate(2000);
var lines = text.Count(c => c == '\n');
var uri = "file:///bench/bench.pulse";

var (serverStream, clientStream) = FullDuplexStream.CreatePair();
var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream,
    new LanguageServerOptions { DiagnosticsDelay = TimeSpan.Zero, LogToStandardError = false }, CancellationToken.None));
var formatter = new SystemTextJsonFormatter();
LspJson.Configure(formatter.JsonSerializerOptions);
using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
var published = new DiagnosticsWaiter();
rpc.AddLocalRpcTarget(published);
rpc.StartListening();

await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities = new { } });
await rpc.NotifyWithParameterObjectAsync("initialized", new { });
await rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pulse", 1, text)));
var first = await published.WaitForVersionAsync(1);
Console.WriteLine($"spec: {lines} lines, {text.Length} characters; diagnostics on open: {first.Diagnostics.Length}");

// A position inside a view's where clause, where completion offers columns, functions and keywords.
var textLines = text.Split('\n');
var whereLine = Array.FindIndex(textLines, l => l.StartsWith("  where o.amount > 0", StringComparison.Ordinal));
var completionAt = new Position(whereLine, "  where o.amount > 0 and ".Length - 5);
var editLine = Array.FindIndex(textLines, l => l.StartsWith("/// Orders of shop 0.", StringComparison.Ordinal));

var diagnosticsMs = new List<double>();
var diagnosticsCpuMs = new List<double>();
var completionAfterEditMs = new List<double>();
var completionSettledMs = new List<double>();
var version = 1;
for (var i = 0; i < iterations + 5; i++)
{
    // Edit: type one character into a doc comment (the whole file is re-checked all the same).
    version++;
    var change = new TextDocumentContentChangeEvent(new LspRange(new Position(editLine, 3), new Position(editLine, 3)), null, "x");
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await rpc.NotifyWithParameterObjectAsync("textDocument/didChange",
        new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), [change]));
    await published.WaitForVersionAsync(version);
    var diagnostics = watch.Elapsed.TotalMilliseconds;
    var diagnosticsCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;

    version++;
    await rpc.NotifyWithParameterObjectAsync("textDocument/didChange",
        new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), [change with { Text = "y" }]));
    watch.Restart();
    var list = await rpc.InvokeWithParameterObjectAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position = completionAt });
    var afterEdit = watch.Elapsed.TotalMilliseconds;
    await published.WaitForVersionAsync(version);

    watch.Restart();
    await rpc.InvokeWithParameterObjectAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position = completionAt });
    var settled = watch.Elapsed.TotalMilliseconds;

    if (i < 5) continue; // warm-up
    diagnosticsMs.Add(diagnostics);
    diagnosticsCpuMs.Add(diagnosticsCpu);
    completionAfterEditMs.Add(afterEdit);
    completionSettledMs.Add(settled);
    if (list.Items.Length == 0) throw new InvalidOperationException("completion returned nothing");
}

// The floor under every number above: parsing the file once (the checker parses it on every edit).
var parseMs = new List<double>();
for (var i = 0; i < 20; i++)
{
    var watch = Stopwatch.StartNew();
    Pulse.Language.Syntax.SyntaxTree.Parse(text + "//" + i.ToString(CultureInfo.InvariantCulture), "/bench/bench.pulse");
    parseMs.Add(watch.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"load average: {LoadAverage()}");
Report("parse only (for reference)", parseMs, target: double.NaN);
Report("diagnostics after an edit", diagnosticsMs, target: 50);
// CPU time of the whole process (server and client) per edit: what the work costs regardless of how
// long the shared machine made it wait (includes GC and the in-process client's share).
Report("  CPU per edit (all threads)", diagnosticsCpuMs, target: double.NaN);
Report("completion right after an edit", completionAfterEditMs, target: 20);
Report("completion on a settled snapshot", completionSettledMs, target: 20);

await rpc.InvokeWithParameterObjectAsync<object?>("shutdown", null);
await rpc.NotifyWithParameterObjectAsync("exit", null);
await server;

static void Report(string what, List<double> samples, double target)
{
    samples.Sort();
    double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
    var verdict = double.IsNaN(target) ? "" : $"  (target p95 < {target} ms: {(P(0.95) < target ? "met" : "NOT met")})";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what,-34} n={samples.Count,3}  min={samples[0],7:F1}  p50={P(0.50),7:F1}  p95={P(0.95),7:F1}  max={samples[^1],7:F1} ms{verdict}"));
}

// The machine is shared: the load average says how much the numbers are inflated.
static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Trim(); }
    catch (IOException) { return "unknown"; }
}

/// <summary>Collects publishDiagnostics notifications and lets the benchmark wait for a version.</summary>
internal sealed class DiagnosticsWaiter
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
