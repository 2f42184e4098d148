using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Pulse.Lsp;
using Pulse.Lsp.Bench;
using Pulse.Lsp.Protocol;

// Language-server latency over the real protocol (in-process streams) on a generated ~2,000-line spec.
// The server runs with its default options, so the diagnostics debounce is part of every number.
//  - diagnostics after an edit: didChange sent -> publishDiagnostics for that version received;
//  - completion right after an edit: the request is sent right behind the didChange, while the
//    server is (or should be) checking that edit;
//  - a typing burst: characters typed at a fixed interval with completion after each, then the
//    time from the last keystroke to its diagnostics.
// Usage: dotnet run -c Release --project bench/Lsp -- [--rounds 25] [--lines 2000] [--warmup-rounds 8]
//        [--warmup-seconds 4] [--max-warmup-seconds 120] [--debounce <ms>] [--collect-when-idle true|false]
//        [--burst-interval 60] [--out bench/Lsp/results/lsp.json]
var flags = Flags.Parse(args);
var lines = flags.Int("lines", 2000);
var rounds = flags.Int("rounds", 25);
var warmupRounds = flags.Int("warmup-rounds", 8);
var warmupSeconds = flags.Int("warmup-seconds", 4);
var maxWarmupSeconds = flags.Int("max-warmup-seconds", 120);
var burstInterval = flags.Int("burst-interval", 60);
var options = new LanguageServerOptions { LogToStandardError = false };
if (flags.Has("debounce")) options = options with { DiagnosticsDelay = TimeSpan.FromMilliseconds(flags.Int("debounce", 0)) };
if (flags.Has("collect-when-idle")) options = options with { CollectWhenIdle = flags.Bool("collect-when-idle") };
var output = flags.String("out", Path.Combine(Machine.RepoRoot(), "bench", "Lsp", "results", "lsp.json"));

var text = SpecGenerator.Generate(lines);
var uri = "file:///bench/bench.pulse";
var sites = EditScript.Sites(text);
var burstAt = EditScript.BurstStart(text);
const string BurstText = " and o.cu";
var uptimeBefore = Machine.Uptime();
Console.WriteLine($"spec: {text.Count(c => c == '\n')} lines, {text.Length} characters; diagnostics debounce {options.DiagnosticsDelay.TotalMilliseconds} ms; collect when idle: {options.CollectWhenIdle}; {Environment.ProcessorCount} cores");
Console.WriteLine($"before: {uptimeBefore}");

var diagnostics = new Samples("diagnostics after an edit", target: 50);
var completion = new Samples("completion right after an edit", target: 20);
var settled = new Samples("completion on a settled snapshot", target: 20);
var burstDiagnostics = new Samples("burst: diagnostics after the last keystroke");
var burstCompletion = new Samples("burst: completion after each keystroke");
var perSite = sites.ToDictionary(s => s.Name, s => new Samples("  " + s.Name));
var edits = 0;

await using var client = new BenchClient(options);
await client.InitializeAsync();
await client.OpenAsync(uri, text);
var opened = await client.DiagnosticsAsync(1);
if (opened.Diagnostics.Length != 0) throw new InvalidOperationException($"the generated spec should be clean; it has {opened.Diagnostics.Length} diagnostics");
var version = 1;

// Warm up until the tiered JIT has settled (a server runs for hours; its first seconds are not the steady
// state): at least the given rounds and seconds, then until a round compiles fewer than 20 methods.
var warmup = Stopwatch.StartNew();
var warmupRound = 0;
for (var jitBefore = JitInfo.GetCompiledMethodCount(); ; warmupRound++)
{
    await RoundAsync(measure: false);
    var compiled = JitInfo.GetCompiledMethodCount() - jitBefore;
    jitBefore += compiled;
    var enough = warmupRound + 1 >= warmupRounds && warmup.Elapsed >= TimeSpan.FromSeconds(warmupSeconds);
    if (enough && (compiled < 20 || warmup.Elapsed > TimeSpan.FromSeconds(maxWarmupSeconds))) break;
}
Console.WriteLine($"warm-up: {warmupRound + 1} rounds, {warmup.Elapsed.TotalSeconds:F1} s");
var jitMethods = JitInfo.GetCompiledMethodCount();
var jitTime = JitInfo.GetCompilationTime();

edits = 0; // count the measured edits only
var cpuBefore = Machine.ProcessCpu();
var allocatedBefore = GC.GetTotalAllocatedBytes();
var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
var measured = Stopwatch.StartNew();
for (var round = 0; round < rounds; round++) await RoundAsync(measure: true);
var cpuPerEdit = (Machine.ProcessCpu() - cpuBefore).TotalMilliseconds / edits;
var allocatedPerEdit = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)edits;
var gcs = (Gen0: GC.CollectionCount(0) - gcBefore.Item1, Gen1: GC.CollectionCount(1) - gcBefore.Item2, Gen2: GC.CollectionCount(2) - gcBefore.Item3,
    PauseMs: (GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds);
jitMethods = JitInfo.GetCompiledMethodCount() - jitMethods;
jitTime = JitInfo.GetCompilationTime() - jitTime;
var uptimeAfter = Machine.Uptime();
var lastGc = GC.GetGCMemoryInfo(GCKind.Any);

Console.WriteLine($"after:  {uptimeAfter}");
Console.WriteLine($"measured: {rounds} rounds, {edits} edits in {measured.Elapsed.TotalSeconds:F1} s; process CPU per edit {cpuPerEdit:F1} ms (server and client, all threads), allocated {allocatedPerEdit / 1e6:F1} MB per edit; GCs: {gcs.Gen0} (gen1 {gcs.Gen1}, gen2 {gcs.Gen2}), paused {gcs.PauseMs:F0} ms; JIT meanwhile: {jitMethods} methods, {jitTime.TotalMilliseconds:F0} ms");
Console.WriteLine($"last GC: gen{lastGc.Generation}, promoted {lastGc.PromotedBytes / 1e6:F1} MB, heap {lastGc.HeapSizeBytes / 1e6:F1} MB, pause {lastGc.PauseDurations[0].TotalMilliseconds:F1} ms");
Console.WriteLine(diagnostics.Line());
foreach (var site in perSite.Values) Console.WriteLine(site.Line());
Console.WriteLine(completion.Line());
Console.WriteLine(settled.Line());
Console.WriteLine(burstDiagnostics.Line() + $"  (typed \"{BurstText}\", one character every {burstInterval} ms)");
Console.WriteLine(burstCompletion.Line());

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
var all = new[] { diagnostics, completion, settled, burstDiagnostics, burstCompletion }.Concat(perSite.Values);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
{
    suite = "lsp",
    date = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
    spec = new { lines = text.Count(c => c == '\n'), characters = text.Length },
    debounceMs = options.DiagnosticsDelay.TotalMilliseconds,
    collectWhenIdle = options.CollectWhenIdle,
    cores = Environment.ProcessorCount,
    dotnet = Environment.Version.ToString(),
    uptimeBefore,
    uptimeAfter,
    rounds,
    edits,
    cpuPerEditMs = Math.Round(cpuPerEdit, 2),
    allocatedMbPerEdit = Math.Round(allocatedPerEdit / 1e6, 2),
    gcCollections = new { gen0 = gcs.Gen0, gen1 = gcs.Gen1, gen2 = gcs.Gen2 },
    gcPauseMs = Math.Round(gcs.PauseMs),
    jitMethodsWhileMeasuring = jitMethods,
    jitMsWhileMeasuring = Math.Round(jitTime.TotalMilliseconds),
    metrics = all.Select(s => new
    {
        name = s.Name.Trim(),
        n = s.Count,
        p50 = Math.Round(s.Percentile(0.5), 2),
        p95 = Math.Round(s.Percentile(0.95), 2),
        targetP95 = double.IsNaN(s.Target) ? (double?)null : s.Target,
        met = s.Met,
        samples = s.Values.Select(v => Math.Round(v, 2)),
    }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results: {output}");
return 0;

async Task RoundAsync(bool measure)
{
    foreach (var site in sites)
    {
        var cursor = site.At with { Character = site.At.Character + site.Typed.Length };
        var typed = await EditAsync(new TextDocumentContentChangeEvent(new LspRange(site.At, site.At), null, site.Typed), cursor);
        if (typed.Published.Diagnostics.Length == 0 && site != sites[0])
            throw new InvalidOperationException($"{site.Name}: typing \"{site.Typed}\" should give diagnostics");
        var settledWatch = Stopwatch.StartNew();
        await client.CompleteAsync(uri, cursor);
        var settledMs = settledWatch.Elapsed.TotalMilliseconds;
        var reverted = await EditAsync(new TextDocumentContentChangeEvent(new LspRange(site.At, cursor), null, ""), null);
        if (reverted.Published.Diagnostics.Length != 0) throw new InvalidOperationException($"{site.Name}: reverting should leave the spec clean");
        if (!measure) continue;
        diagnostics.Add(typed.DiagnosticsMs);
        diagnostics.Add(reverted.DiagnosticsMs);
        perSite[site.Name].Add(typed.DiagnosticsMs);
        perSite[site.Name].Add(reverted.DiagnosticsMs);
        completion.Add(typed.CompletionMs);
        settled.Add(settledMs);
    }

    // Typing: one character every burstInterval ms, completion after each (as an editor's suggest widget asks).
    var at = burstAt;
    var lastKeystroke = Stopwatch.StartNew();
    foreach (var c in BurstText)
    {
        var keystroke = Stopwatch.StartNew();
        version++;
        edits++;
        lastKeystroke.Restart();
        await client.ChangeAsync(uri, version, new TextDocumentContentChangeEvent(new LspRange(at, at), null, c.ToString()));
        at = at with { Character = at.Character + 1 };
        var items = await client.CompleteAsync(uri, at);
        if (measure) burstCompletion.Add(keystroke.Elapsed.TotalMilliseconds);
        if (c == '.' && items == 0) throw new InvalidOperationException("completion after `o.` returned nothing");
        var left = burstInterval - keystroke.Elapsed.TotalMilliseconds;
        if (left > 0 && c != BurstText[^1]) await Task.Delay(TimeSpan.FromMilliseconds(left));
    }
    // The last keystroke's diagnostics (the earlier versions may be superseded and never published).
    var sinceLast = lastKeystroke.Elapsed.TotalMilliseconds;
    var watch = Stopwatch.StartNew();
    await client.DiagnosticsAsync(version);
    if (measure) burstDiagnostics.Add(Math.Max(0, sinceLast) + watch.Elapsed.TotalMilliseconds);
    var undo = await EditAsync(new TextDocumentContentChangeEvent(new LspRange(burstAt, at), null, ""), null);
    if (undo.Published.Diagnostics.Length != 0) throw new InvalidOperationException("undoing the burst should leave the spec clean");
}

async Task<(double DiagnosticsMs, double CompletionMs, PublishDiagnosticsParams Published)> EditAsync(TextDocumentContentChangeEvent change, Position? completeAt)
{
    version++;
    edits++;
    var watch = Stopwatch.StartNew();
    await client.ChangeAsync(uri, version, change);
    var completionMs = double.NaN;
    if (completeAt is not null)
    {
        var request = Stopwatch.StartNew();
        await client.CompleteAsync(uri, completeAt);
        completionMs = request.Elapsed.TotalMilliseconds;
    }
    var published = await client.DiagnosticsAsync(version);
    return (watch.Elapsed.TotalMilliseconds, completionMs, published);
}

/// <summary><c>--name value</c> pairs; unknown names are refused so a typo does not silently measure the defaults.</summary>
internal sealed class Flags
{
    private static readonly string[] Known = ["lines", "rounds", "warmup-rounds", "warmup-seconds", "max-warmup-seconds", "debounce", "collect-when-idle", "burst-interval", "out"];
    private readonly Dictionary<string, string> values;

    private Flags(Dictionary<string, string> values) => this.values = values;

    public static Flags Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : throw new ArgumentException($"expected --flag, got \"{args[i]}\"");
            if (!Known.Contains(name)) throw new ArgumentException($"unknown flag --{name} (known: {string.Join(", ", Known.Select(k => "--" + k))})");
            if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value");
            values[name] = args[i + 1];
        }
        return new Flags(values);
    }

    public bool Has(string name) => values.ContainsKey(name);
    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);
    public bool Bool(string name) => bool.Parse(values[name]);
}
