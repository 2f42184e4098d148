using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// What the end-to-end tests of generated consumers share: starting and stopping a built consumer, the reference
/// rows of <c>pulse run</c>'s speed layer for the same events, reading a topic back, comparing rows.
/// </summary>
public static class ConsumerRuns
{
    /// <summary>A value read back from PostgreSQL as the speed layer holds it (timestamps in UTC).</summary>
    public static object? Normalize(object? value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc),
        _ => value,
    };

    public static Comparer<object?[]> RowOrder { get; } = Comparer<object?[]>.Create(CompareRows);

    private static int CompareRows(object?[] a, object?[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var order = Comparer<object>.Default.Compare(a[i] is string s ? (object)string.CompareOrdinal(s, (string)b[i]!) : a[i], a[i] is string ? 0 : b[i]);
            if (order != 0) return order;
        }
        return a.Length.CompareTo(b.Length);
    }

    public static string Show(object?[] row) => "(" + string.Join(", ", row.Select(v => v is DateTime t ? t.ToString("O") : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))) + ")";

    /// <summary>The sum of the next offsets the consumers stored (0 before their tables exist).</summary>
    public static async Task<long> StoredOffsetsAsync(PgTestDatabase database)
    {
        try
        {
            var rows = await database.QueryAsync("SELECT coalesce(sum(next_offset), 0)::bigint FROM pulse_speed.pulse_offsets");
            return (long)rows[0][0]!;
        }
        catch (Npgsql.PostgresException) { return 0; } // the table does not exist until the consumer prepares it
    }

    public static async Task<bool> WaitAsync(Func<Task<bool>> done, TimeSpan timeout, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if (await done()) return true;
            await Task.Delay(200);
        }
        return await done();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    public sealed class RunningConsumer(Process process) : IDisposable
    {
        private readonly System.Text.StringBuilder output = new();
        public Process Process { get; } = process;

        public void Attach()
        {
            Process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public string Output()
        {
            if (Process.HasExited) Process.WaitForExit(); // flushes the asynchronous readers
            lock (output) return output.ToString();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    public static RunningConsumer Start(ConsumerBuildFixture.BuildResult build, Dictionary<string, string> environment, bool drain)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = build.Folder };
        start.ArgumentList.Add(build.Assembly!);
        if (drain) start.ArgumentList.Add("--drain");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var consumer = new RunningConsumer(Process.Start(start)!);
        consumer.Attach();
        return consumer;
    }

    /// <summary>Every row the speed layer emits for one view, with no retention (SpeedResults lets old rows go).</summary>
    public sealed class CapturingSink(string view) : ISpeedSink
    {
        private readonly List<object?[]> rows = [];
        public List<object?[]> Rows { get { lock (rows) return [.. rows]; } }
        public string Name => "capture";
        public IReadOnlyCollection<string> Views => [view];
        public bool StoresOffsets => false;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            if (checkpoint.Output.Rows.TryGetValue(view, out var emitted)) lock (rows) rows.AddRange(emitted);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// The rows <c>pulse run</c>'s speed layer (<see cref="SpeedLayerRunner"/>, in process) emits for each of <paramref name="views"/>,
    /// reading the source topics on <paramref name="brokers"/> to their end as its own consumer group.
    /// </summary>
    public static async Task<(SpeedRunResult Result, Dictionary<string, List<object?[]>> Rows)> ReferenceAsync(PipelineIr ir, string brokers, params string[] views)
    {
        var captures = views.ToDictionary(v => v, v => new CapturingSink(v));
        var kafka = ir.Connections.Where(c => c.Kind == ConnectionKind.Kafka)
            .ToDictionary(c => c.Name, IReadOnlyDictionary<string, string> (_) => new Dictionary<string, string> { ["brokers"] = brokers });
        var result = await SpeedLayerRunner.RunAsync(ir, new SpeedRunOptions
        {
            ConnectionOverrides = kafka,
            StopAtEnd = true,
            ConsumerGroup = "pulse-reference-" + Guid.NewGuid().ToString("N")[..8],
            ExtraSinks = [.. captures.Values],
        });
        Assert.True(result.Status == SpeedRunStatus.Succeeded, result.Error?.ToString());
        return (result, captures.ToDictionary(c => c.Key, c => c.Value.Rows));
    }

    /// <summary>Every message of <paramref name="topic"/> (key and value as UTF-8 text), read from the start of each partition to its end.</summary>
    public static List<(string? Key, string Value)> ReadTopic(string brokers, string topic)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = brokers,
            GroupId = "pulse-test-reader-" + Guid.NewGuid().ToString("N")[..8],
            EnablePartitionEof = true,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = brokers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var messages = new List<(string?, string)>();
        var ended = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (ended.Count < partitions.Count && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null) continue;
            if (result.IsPartitionEOF) { ended.Add(result.Partition.Value); continue; }
            messages.Add((result.Message.Key is { } key ? System.Text.Encoding.UTF8.GetString(key) : null, System.Text.Encoding.UTF8.GetString(result.Message.Value)));
        }
        Assert.True(ended.Count == partitions.Count, $"topic {topic}: not every partition was read to its end within 60 s");
        return messages;
    }
}
