using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Text;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Parquet and delta sinks of speed views take each checkpoint as an append: the run's first checkpoint
/// rewrites the folder whole, every later checkpoint with rows adds its own files (<c>part-0000N-…</c>) and,
/// for delta, one commit. The rows stay those the view emitted, a second run gives the same rows and the
/// same files, and a window written again after a crash replaces the files that held it (delta: a commit
/// with remove actions).
/// </summary>
public sealed class SpeedFileAppendTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private string State => Path.Combine(temp.Path, "state");
    private string Folder => Path.Combine(State, "out", "trending");

    /// <summary>Clickstream with its trending_files sink of the given kind.</summary>
    private static PipelineIr Clickstream(string kind)
    {
        var text = File.ReadAllText(Path.Combine(Repo.PipelinesDirectory, "clickstream.pulse"))
            .Replace("sink trending_files: parquet {", $"sink trending_files: {kind} {{", StringComparison.Ordinal);
        Assert.Contains($"sink trending_files: {kind} {{", text, StringComparison.Ordinal);
        var compilation = Compilation.Create([new SourceText(Path.Combine(Repo.PipelinesDirectory, $"clickstream-{kind}.pulse"), text)]);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error));
        return compilation.Lower("local");
    }

    /// <summary>Counts, per checkpoint write, the rows trending_pages emitted.</summary>
    private sealed class CheckpointRows : ISpeedSink
    {
        public List<int> Counts { get; } = [];
        public string Name => "checkpoint rows";
        public IReadOnlyCollection<string> Views => ["trending_pages"];
        public bool StoresOffsets => false;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            lock (Counts) Counts.Add(checkpoint.Output.Rows.TryGetValue("trending_pages", out var rows) ? rows.Count : 0);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task<(SpeedRunResult Result, List<string> Rows, List<int> Counts)> RunAsync(PipelineIr pipeline, SpeedRunOptions options)
    {
        var capture = new CapturingSink();
        var counts = new CheckpointRows();
        var result = await SpeedLayerRunner.RunAsync(pipeline, options with { ExtraSinks = [.. options.ExtraSinks, capture, counts], Now = Runs.Now, StateDirectory = State });
        Assert.True(result.Error is null, result.Error?.ToString());
        return (result, capture.Rows("trending_pages"), counts.Counts);
    }

    private List<string> FolderRows()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT window_start, window_end, page, views, visitors FROM read_parquet('{Folder}/**/*.parquet', hive_partitioning = true)";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(RowText.Of([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private List<(int Write, long Rows)> RowsPerWrite()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT filename FROM read_parquet('{Folder}/**/*.parquet', filename = true)";
        using var reader = command.ExecuteReader();
        var writes = new List<int>();
        while (reader.Read()) writes.Add(WriteOf(reader.GetString(0)));
        return [.. writes.GroupBy(w => w).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count()))];
    }

    private List<string> Files() =>
        [.. Directory.GetFiles(Folder, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>The write number of a file (0 for the run's whole rewrite, <c>data_0.parquet</c>).</summary>
    private static int WriteOf(string file)
    {
        var name = Path.GetFileName(file);
        return name.StartsWith("part-", StringComparison.Ordinal) ? int.Parse(name[5..10], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The commits of a Delta table, in version order, each as its JSON actions.</summary>
    private static List<List<JsonElement>> Commits(string table) =>
        [.. Directory.GetFiles(Path.Combine(table, "_delta_log"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => File.ReadAllLines(f).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList())];

    private static IEnumerable<string> Paths(List<JsonElement> commit, string action) =>
        commit.Where(a => a.TryGetProperty(action, out _)).Select(a => a.GetProperty(action).GetProperty("path").GetString()!);

    /// <summary>The files of a Delta table's latest version: every add not removed by a later commit, replayed in order.</summary>
    public static List<string> LiveFiles(string table)
    {
        var live = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var commit in Commits(table))
        {
            foreach (var removed in Paths(commit, "remove")) Assert.True(live.Remove(removed), $"{removed} is removed but was not live");
            foreach (var added in Paths(commit, "add")) Assert.True(live.Add(added), $"{added} is added twice");
        }
        return [.. live];
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("delta")]
    public async Task Each_checkpoint_appends_its_own_files_and_a_second_run_gives_the_same_rows_and_files(string kind)
    {
        var pipeline = Clickstream(kind);
        var options = new SpeedRunOptions { CheckpointEvents = 150, LocalPartitions = 1 };

        var (result, rows, counts) = await RunAsync(pipeline, options);

        Assert.True(rows.Count > 100, $"{rows.Count} rows");
        Assert.Equal([.. rows.Order(StringComparer.Ordinal)], FolderRows());
        AssertOneWritePerCheckpoint(kind, counts);
        Assert.Equal(rows.Count, (int)Assert.Single(result.Sinks, s => s.Name == "trending_files").RowsWritten);

        // The local replay starts over: the folder is rewritten at the first checkpoint, then appended to the same way.
        // (Checkpoints also fall every second, so the second run's may split differently: the rows are the same.)
        var (_, again, againCounts) = await RunAsync(pipeline, options);
        Assert.Equal([.. again.Order(StringComparer.Ordinal)], FolderRows());
        Assert.Equal([.. rows.Order(StringComparer.Ordinal)], FolderRows());
        AssertOneWritePerCheckpoint(kind, againCounts);
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(State, "out")), d => d.Contains(".pulse-", StringComparison.Ordinal));
    }

    /// <summary>
    /// The first checkpoint rewrote the folder (write 0, files only when it had rows); each later checkpoint that
    /// brought rows appended one write, numbered in order; for delta, one commit each, adding just that write's files.
    /// </summary>
    private void AssertOneWritePerCheckpoint(string kind, List<int> counts)
    {
        var appends = counts.Skip(1).Count(c => c > 0);
        Assert.True(appends >= 3, $"only {appends} appending checkpoints of {counts.Count}: {string.Join(",", counts)}");
        var files = Files();
        var writes = files.Select(WriteOf).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(1, appends), writes.Where(w => w > 0));
        Assert.Equal(counts[0] > 0, writes.Contains(0));
        // Each write holds exactly what its checkpoint emitted: nothing stored earlier is copied again.
        var emitted = counts.Skip(1).Where(c => c > 0).Select((c, i) => (Write: i + 1, Rows: (long)c)).Prepend((Write: 0, Rows: (long)counts[0])).Where(w => w.Rows > 0);
        Assert.Equal(emitted, RowsPerWrite());
        if (kind == "delta")
        {
            var commits = Commits(Folder);
            Assert.Equal(1 + appends, commits.Count);
            foreach (var (commit, version) in commits.Select((c, v) => (c, v)).Skip(1))
            {
                Assert.Empty(Paths(commit, "remove"));
                Assert.NotEmpty(Paths(commit, "add"));
                Assert.All(Paths(commit, "add"), p => Assert.Equal(version, WriteOf(p)));
            }
            Assert.Equal(files, LiveFiles(Folder));
        }
        else Assert.False(Directory.Exists(Path.Combine(Folder, "_delta_log")));
    }

    [Fact]
    public async Task A_window_written_again_after_a_crash_replaces_the_files_that_held_it_in_one_delta_commit()
    {
        var pipeline = Clickstream("delta");
        var (_, clean, _) = await RunAsync(pipeline, new SpeedRunOptions { LocalPartitions = 1 });
        var expected = clean.Order(StringComparer.Ordinal).ToList();
        Directory.Delete(State, recursive: true);

        // An offset store that keeps only its first checkpoint: the second run resumes there and emits again
        // windows the delta table already holds.
        var store = new FirstCheckpointStore();
        var (_, firstRows, _) = await RunAsync(pipeline, new SpeedRunOptions { CheckpointEvents = 100, MaxEvents = 500, LocalPartitions = 1, ExtraSinks = [store] });
        Assert.NotEmpty(firstRows);
        Assert.NotNull(store.Saved);
        var (_, secondRows, _) = await RunAsync(pipeline, new SpeedRunOptions { CheckpointEvents = 150, LocalPartitions = 1, ExtraSinks = [store] });
        Assert.NotEmpty(secondRows.Intersect(firstRows));

        Assert.Equal(expected, FolderRows());
        var commits = Commits(Folder);
        Assert.Contains(commits, c => Paths(c, "remove").Any());
        Assert.Equal(Files(), LiveFiles(Folder));
    }

    /// <summary>An offset store (like PostgreSQL's) that keeps only the first checkpoint with offsets it is given.</summary>
    private sealed class FirstCheckpointStore : ISpeedSink
    {
        public StoredCheckpoint? Saved { get; private set; }
        public string Name => "first checkpoint";
        public IReadOnlyCollection<string> Views => [];
        public bool StoresOffsets => true;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult(Saved);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            if (Saved is null && checkpoint.Offsets.Count > 0) Saved = new StoredCheckpoint(checkpoint.Offsets, checkpoint.Snapshot);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
