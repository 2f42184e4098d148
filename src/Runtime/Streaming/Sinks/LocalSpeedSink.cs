using System.Diagnostics;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>What a <see cref="LocalSpeedSink"/> needs from the run: where local files live, the run's start, and how connections resolve.</summary>
internal sealed record LocalSpeedSinkSettings(PipelineIr Pipeline, string StateDirectory, DateTimeOffset Now, RunOptions Options,
    Func<string, ResolvedConnection> Resolve, Action<RunWarning> Warn, bool FreshStream)
{
    /// <summary>The settings of a speed run: its state directory (<see cref="SpeedRunOptions.StateDirectory"/>) and the run's connections.</summary>
    public static LocalSpeedSinkSettings For(PipelineIr pipeline, SpeedRunOptions speed, DateTimeOffset now, Action<RunWarning> warn, bool fresh)
    {
        var options = new RunOptions
        {
            StateDirectory = speed.StateDirectory,
            Now = now,
            Secrets = speed.Secrets,
            ConnectionOverrides = speed.ConnectionOverrides,
            ElasticsearchClientFactory = speed.ElasticsearchClientFactory,
        };
        ResolvedConnection Resolve(string name) => pipeline.FindConnection(name) is { } connection
            ? new ResolvedConnection(connection, speed.ConnectionOverrides.GetValueOrDefault(name), speed.Secrets)
            : throw new PulseRunException(RunError.At(null, RuntimeCodes.SinkFailed, $"the pipeline has no connection {name}"));
        return new LocalSpeedSinkSettings(pipeline, StateLayout.StateDirectory(pipeline, options), now, options, Resolve, warn, fresh);
    }
}

/// <summary>
/// A sink of a speed view written by the batch layer's own writers (<see cref="ParquetSink"/> for parquet
/// and delta, <see cref="NdjsonIndexSink"/> for a local elasticsearch index, <see cref="DuckDbTableSink"/>
/// for an embedded postgres table, <see cref="ElasticsearchSink"/> for a cluster). At every checkpoint that
/// brought rows for the view (and at the first one of a run), the rows go into the sink's store
/// (<see cref="SpeedSinkStore"/>). The run's first write rewrites a file or table target whole from it,
/// atomically as the writer does it (a folder or file swap, one DuckDB statement). After that, parquet and
/// delta folders get only each checkpoint's rows as new files (and a delta commit), see
/// <see cref="SpeedFileAppend"/>; the local index file and the embedded table are still rewritten whole;
/// a cluster gets just the new documents (by id).
/// This happens before the checkpoint's offsets are committed, so a crash re-delivers and never skips.
/// <para>
/// Across runs: the local replay without an offset store reads the stream from its start every run, so the
/// store starts empty and the target holds exactly this run's rows (running twice gives the same files).
/// A stream that resumes (a real Kafka, or an offset store) adds to what earlier runs stored, a window
/// replacing the same window. Locally an embedded postgres table holds the stored rows whatever its mode.
/// </para>
/// </summary>
internal sealed class LocalSpeedSink : ISpeedSink
{
    private static readonly Lock StateDatabase = new();
    private const string StateAlias = "pulse_state_db";

    private readonly SinkIr sink;
    private readonly ViewIr view;
    private readonly ISink writer;
    private readonly bool incremental;
    private readonly bool intoStateDatabase;
    private readonly LocalSpeedSinkSettings settings;
    private readonly Stopwatch busy = new();
    private SpeedSinkStore? store;
    private bool written;
    private long rowsWritten;
    private long rejected;

    private LocalSpeedSink(SinkIr sink, ViewIr view, ISink writer, bool incremental, bool intoStateDatabase, LocalSpeedSinkSettings settings)
    {
        this.sink = sink;
        this.view = view;
        this.writer = writer;
        this.incremental = incremental;
        this.intoStateDatabase = intoStateDatabase;
        this.settings = settings;
    }

    /// <summary>The sink for a speed view's <paramref name="sink"/>, or null when another speed sink writes it (kafka, a real PostgreSQL).</summary>
    public static LocalSpeedSink? TryCreate(SinkIr sink, ViewIr view, ResolvedConnection? connection, LocalSpeedSinkSettings settings)
    {
        var embedded = connection is null || connection.Embedded;
        return sink.Kind switch
        {
            SinkKind.Parquet => new(sink, view, new ParquetSink(sink, delta: false), false, false, settings),
            SinkKind.Delta => new(sink, view, new ParquetSink(sink, delta: true), false, false, settings),
            SinkKind.Elasticsearch when embedded => new(sink, view, new NdjsonIndexSink(sink), false, false, settings),
            SinkKind.Elasticsearch => new(sink, view, new ElasticsearchSink(sink), true, false, settings),
            // The local warehouse table mirrors the stored rows (replace), so a replayed stream never doubles it.
            SinkKind.Postgres when embedded => new(sink, view, new DuckDbTableSink(sink with { Mode = WriteMode.Replace }), false, true, settings),
            _ => null,
        };
    }

    /// <summary>Parquet and delta folders: rewritten whole at the run's first checkpoint, then appended to (<see cref="SpeedFileAppend"/>).</summary>
    private bool Appends => sink.Kind is SinkKind.Parquet or SinkKind.Delta;

    private string Folder => Path.GetFullPath(Path.IsPathRooted(sink.Path!) ? sink.Path! : Path.Combine(settings.StateDirectory, sink.Path!));

    public string Name => $"{sink.Kind.ToString().ToLowerInvariant()} {writer.Target}";
    public IReadOnlyCollection<string> Views => [sink.From];
    public bool StoresOffsets => false;

    /// <summary>What the sink did in this run, for the run's sink table: rows now in the target (sent, for a cluster), rejected documents, time spent.</summary>
    public SinkReport Report => new(sink.Name, sink.Kind.ToString().ToLowerInvariant(), writer.Target, rowsWritten, rejected, busy.Elapsed.TotalSeconds, null);

    public Task PrepareAsync(CancellationToken cancellation)
    {
        store = SpeedSinkStore.Open(settings.StateDirectory, sink, view, settings.FreshStream);
        return Task.CompletedTask;
    }

    public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

    public async Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        var rows = checkpoint.Output.Rows.TryGetValue(sink.From, out var emitted) ? emitted : [];
        if (rows.Count == 0 && (written || incremental)) return;
        busy.Start();
        try
        {
            store!.Add(rows, keep: !incremental);
            if (written && Appends)
            {
                // Parquet and delta folders take only what this checkpoint emitted (SpeedFileAppend).
                SpeedFileAppend.Write(store, sink, Folder, sink.Kind == SinkKind.Delta, settings.Now);
                rowsWritten = store.Count();
                return;
            }
            var result = intoStateDatabase
                ? WriteIntoStateDatabase(cancellation)
                : await writer.WriteAsync(Context(incremental ? store.CheckpointSql : store.RowsSql, stateCatalog: ""), cancellation).ConfigureAwait(false);
            rowsWritten = incremental ? rowsWritten + result.RowsWritten : result.RowsWritten;
            rejected += result.RowsRejected;
            written = true;
            // The run's first write rewrote the folder whole from the store: every stored row is in it, as write 0.
            if (Appends)
                store.ResetPlacement(Directory.EnumerateFiles(Folder, "*.parquet", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is DuckDB.NET.Data.DuckDBException or IOException)
        {
            throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.SinkFailed, $"sink {sink.Name} of speed view {view.Name} failed: {e.Message.Split('\n')[0]}"), e);
        }
        finally
        {
            busy.Stop();
        }
    }

    /// <summary>Attaches the state database only while writing, and one sink at a time: the batch run opens it after the speed layer.</summary>
    private SinkResult WriteIntoStateDatabase(CancellationToken cancellation)
    {
        lock (StateDatabase)
        {
            var connection = store!.Connection;
            Execute($"ATTACH {SqlText.String(Path.Combine(settings.StateDirectory, StateLayout.DatabaseFile))} AS {SqlText.Identifier(StateAlias)}");
            try
            {
                return writer.WriteAsync(Context(store.RowsSql, StateAlias), cancellation).GetAwaiter().GetResult();
            }
            finally
            {
                Execute($"DETACH {SqlText.Identifier(StateAlias)}");
            }

            void Execute(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
    }

    private SinkContext Context(string rowsSql, string stateCatalog) => new()
    {
        Connection = store!.Connection,
        Pipeline = settings.Pipeline,
        Sink = sink,
        RowsSql = rowsSql,
        StateCatalog = stateCatalog,
        StateDirectory = settings.StateDirectory,
        // A new id per write (staging folders are named by it) whose time is the run's start (the Delta log's time).
        RunId = PipelineRunner.NewRunId(settings.Now),
        Options = settings.Options,
        ResolveConnection = settings.Resolve,
        Quarantine = rows => store!.Reject(rows),
        Warn = settings.Warn,
    };

    public ValueTask DisposeAsync()
    {
        store?.Dispose();
        return ValueTask.CompletedTask;
    }
}
