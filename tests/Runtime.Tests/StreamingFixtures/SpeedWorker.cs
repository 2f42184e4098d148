using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>What a speed-layer child process does (see <see cref="SpeedWorker"/>).</summary>
public sealed record SpeedWorkerConfig(string Brokers, string PostgresUrl, string Group, string Table, double? EventsPerSecond, int CheckpointEvents);

/// <summary>
/// The speed layer as a child process, for the fault test: world-hunger's food prices from a Kafka the
/// test hosts, live_food_prices appended to PostgreSQL, read to the end of the topic. The test starts it
/// with <see cref="StartInfo"/> (the test assembly itself, entered through a .NET startup hook) and kills it
/// hard wherever it likes.
/// </summary>
public static class SpeedWorker
{
    public const string ConfigVariable = "PULSE_SPEED_WORKER_CONFIG";

    public static PipelineIr Pipeline(string table)
    {
        var source = StreamSpecs.FoodPrices();
        var view = StreamSpecs.LiveFoodPrices(source);
        var sink = PipelineBuilder.Sink("live_table", SinkKind.Postgres, view.Schema, view.Name, connection: "warehouse",
            table: new TableName("hunger", table), mode: WriteMode.Append);
        return new PipelineBuilder("world_hunger", Repo.PipelinesDirectory)
            .Connection("events", ConnectionKind.Kafka, embedded: true, ("brokers", new EnvSetting("PULSE_KAFKA_BROKERS")))
            .Connection("warehouse", ConnectionKind.Postgres, embedded: true, ("url", new EnvSetting("PULSE_PG_URL")))
            .Source(source).View(view).Sink(sink).Build();
    }

    public static SpeedRunOptions Options(SpeedWorkerConfig config) => new()
    {
        ConsumerGroup = config.Group,
        StopAtEnd = true,
        CheckpointEvents = config.CheckpointEvents,
        MaxEventsPerSecond = config.EventsPerSecond,
        Now = new DateTimeOffset(2024, 6, 3, 0, 0, 0, TimeSpan.Zero),
        ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["events"] = new Dictionary<string, string> { ["brokers"] = config.Brokers },
            ["warehouse"] = new Dictionary<string, string> { ["url"] = config.PostgresUrl },
        },
    };

    /// <summary>The child's whole life: run, print the outcome, return the exit code (0 or 1).</summary>
    public static int Run(string configPath)
    {
        var config = JsonSerializer.Deserialize<SpeedWorkerConfig>(File.ReadAllText(configPath))!;
        var result = SpeedLayerRunner.RunAsync(Pipeline(config.Table), Options(config)).GetAwaiter().GetResult();
        Console.WriteLine(result.Error?.ToString() ?? $"read {result.Sources.Sum(s => s.Read)} events");
        return result.Error is null ? 0 : 1;
    }

    public static System.Diagnostics.ProcessStartInfo StartInfo(string configPath)
    {
        var assembly = typeof(SpeedWorker).Assembly.Location;
        var folder = Path.GetDirectoryName(assembly)!;
        var name = Path.GetFileNameWithoutExtension(assembly);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", "--runtimeconfig", Path.Combine(folder, name + ".runtimeconfig.json"), "--depsfile", Path.Combine(folder, name + ".deps.json"), assembly })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[ConfigVariable] = configPath;
        return start;
    }
}
