using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Pulse.Runtime.Streaming.Kafka;

/// <summary>
/// librdkafka's built-in mock Kafka cluster (<c>rd_kafka_mock_cluster_new</c>), started in this process:
/// real Kafka protocol on 127.0.0.1 (random ports), data in memory, so the local environment runs the very
/// consumer path production runs. From the spike (/work/agents/kafka-spike.md), cleaned up:
/// <list type="bullet">
/// <item>Limits: a partition keeps about 5 MiB (older batches are dropped silently), topics auto-create
/// with 4 partitions, and the Admin API cannot create topics (use <see cref="CreateTopic"/>).</item>
/// <item>The mock API is marked experimental by librdkafka; the signatures match librdkafka 2.16.0, the
/// build Confluent.Kafka 2.16.0 ships, and we bind to the very image Confluent.Kafka loaded (checked by version).</item>
/// </list>
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ProducerType = 0;
    private const int ConfOk = 0;

    private readonly Lock gate = new();
    private IntPtr handle;   // rd_kafka_t* owning the cluster
    private IntPtr cluster;  // rd_kafka_mock_cluster_t*

    /// <summary>Comma-separated <c>127.0.0.1:port</c>, one per broker.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <summary>A mock partition keeps about this much before it silently drops old batches.</summary>
    public const long PartitionCapacityBytes = 5L * 1024 * 1024;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, string bootstrapServers, int brokers)
    {
        this.handle = handle;
        this.cluster = cluster;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
    }

    /// <param name="groupInitialRebalanceDelayMs">The broker's group.initial.rebalance.delay.ms; the mock's default (3 s) delays every new group, 0 is what a local run wants.</param>
    public static MockKafkaCluster Start(int brokers = 1, int groupInitialRebalanceDelayMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var api = Native.Api;
        var conf = api.ConfNew();
        IntPtr owner;
        try
        {
            SetConf(api, conf, "client.id", "pulse-mock-cluster");
            // The owner handle has no bootstrap servers on purpose; silence its notice about that.
            SetConf(api, conf, "log_level", "3");
            var error = new byte[512];
            owner = api.KafkaNew(ProducerType, conf, error, (nuint)error.Length);
            if (owner == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_new failed: " + Text(error));
            conf = IntPtr.Zero; // rd_kafka_new owns it now
        }
        finally
        {
            if (conf != IntPtr.Zero) api.ConfDestroy(conf);
        }
        var created = api.MockClusterNew(owner, brokers);
        if (created == IntPtr.Zero)
        {
            api.KafkaDestroy(owner);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed (no localhost listener?)");
        }
        api.MockGroupInitialRebalanceDelay(created, groupInitialRebalanceDelayMs);
        var bootstraps = Marshal.PtrToStringUTF8(api.MockClusterBootstraps(created)) ?? "";
        return new MockKafkaCluster(owner, created, bootstraps, brokers);
    }

    /// <summary>Creates a topic (the Admin API does not work against the mock).</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        int rc;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
            var topic = Marshal.StringToCoTaskMemUTF8(name);
            try { rc = Native.Api.MockTopicCreate(cluster, topic, partitions, Math.Clamp(replicationFactor, 1, Brokers)); }
            finally { Marshal.FreeCoTaskMem(topic); }
        }
        if (rc != 0)
            throw new KafkaException(new Error((ErrorCode)rc, $"creating mock topic '{name}' with {partitions} partitions failed: {(ErrorCode)rc}"));
    }

    /// <summary>For the KIP-848 consumer protocol only: how often members learn about assignment changes (mock default 3 s).</summary>
    public void SetConsumerGroupHeartbeatInterval(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, 1);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
            Native.Api.MockGroupConsumerHeartbeatInterval(cluster, milliseconds);
        }
    }

    public void Dispose()
    {
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    ~MockKafkaCluster() => DisposeCore();

    private void DisposeCore()
    {
        IntPtr ownedCluster, ownedHandle;
        lock (gate)
        {
            (ownedCluster, ownedHandle) = (cluster, handle);
            (cluster, handle) = (IntPtr.Zero, IntPtr.Zero);
        }
        // The cluster refers to its owner handle: destroy it first.
        if (ownedCluster != IntPtr.Zero) Native.Api.MockClusterDestroy(ownedCluster);
        if (ownedHandle != IntPtr.Zero) Native.Api.KafkaDestroy(ownedHandle);
    }

    private static void SetConf(Native api, IntPtr conf, string name, string value)
    {
        var error = new byte[512];
        if (api.ConfSet(conf, name, value, error, (nuint)error.Length) != ConfOk)
            throw new ArgumentException($"rd_kafka_conf_set({name}={value}): {Text(error)}");
    }

    private static string Text(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    /// <summary>Delegates into the librdkafka image Confluent.Kafka loaded (so there is one copy of its global state).</summary>
    private sealed class Native
    {
        private static readonly Lazy<Native> Instance = new(() => new Native(LoadLibrdkafka()));
        public static Native Api => Instance.Value;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr ConfNewFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void ConfDestroyFn(IntPtr conf);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ConfSetFn(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] error, nuint errorSize);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr KafkaNewFn(int type, IntPtr conf, byte[] error, nuint errorSize);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void KafkaDestroyFn(IntPtr rk);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int VersionFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr MockClusterNewFn(IntPtr rk, int brokers);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void MockClusterDestroyFn(IntPtr cluster);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr MockClusterBootstrapsFn(IntPtr cluster);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int MockTopicCreateFn(IntPtr cluster, IntPtr topic, int partitions, int replicationFactor);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void MockIntSettingFn(IntPtr cluster, int value);

        public readonly ConfNewFn ConfNew;
        public readonly ConfDestroyFn ConfDestroy;
        public readonly ConfSetFn ConfSet;
        public readonly KafkaNewFn KafkaNew;
        public readonly KafkaDestroyFn KafkaDestroy;
        public readonly MockClusterNewFn MockClusterNew;
        public readonly MockClusterDestroyFn MockClusterDestroy;
        public readonly MockClusterBootstrapsFn MockClusterBootstraps;
        public readonly MockTopicCreateFn MockTopicCreate;
        public readonly MockIntSettingFn MockGroupInitialRebalanceDelay;
        public readonly MockIntSettingFn MockGroupConsumerHeartbeatInterval;

        private Native(IntPtr library)
        {
            T Bind<T>(string name) where T : Delegate =>
                NativeLibrary.TryGetExport(library, name, out var address)
                    ? Marshal.GetDelegateForFunctionPointer<T>(address)
                    : throw new EntryPointNotFoundException($"librdkafka does not export {name} (no mock API in this build?)");
            ConfNew = Bind<ConfNewFn>("rd_kafka_conf_new");
            ConfDestroy = Bind<ConfDestroyFn>("rd_kafka_conf_destroy");
            ConfSet = Bind<ConfSetFn>("rd_kafka_conf_set");
            KafkaNew = Bind<KafkaNewFn>("rd_kafka_new");
            KafkaDestroy = Bind<KafkaDestroyFn>("rd_kafka_destroy");
            MockClusterNew = Bind<MockClusterNewFn>("rd_kafka_mock_cluster_new");
            MockClusterDestroy = Bind<MockClusterDestroyFn>("rd_kafka_mock_cluster_destroy");
            MockClusterBootstraps = Bind<MockClusterBootstrapsFn>("rd_kafka_mock_cluster_bootstraps");
            MockTopicCreate = Bind<MockTopicCreateFn>("rd_kafka_mock_topic_create");
            MockGroupInitialRebalanceDelay = Bind<MockIntSettingFn>("rd_kafka_mock_group_initial_rebalance_delay_ms");
            MockGroupConsumerHeartbeatInterval = Bind<MockIntSettingFn>("rd_kafka_mock_set_group_consumer_heartbeat_interval_ms");
            var version = Bind<VersionFn>("rd_kafka_version")();
            if (version != Library.Version)
                throw new InvalidOperationException($"bound librdkafka 0x{version:x8} but Confluent.Kafka uses 0x{Library.Version:x8}");
        }

        // Why not [DllImport("librdkafka")]: librdkafka.redist ships several Linux builds (librdkafka.so links
        // libsasl2.so.3, missing on Debian/Ubuntu; centos8-librdkafka.so is self-contained) and Confluent.Kafka
        // falls back between them. Binding to the file it actually mapped keeps one librdkafka in the process.
        private static IntPtr LoadLibrdkafka()
        {
            Library.Load();
            if (OperatingSystem.IsLinux())
                foreach (var path in MappedLibrdkafkaPaths())
                    if (NativeLibrary.TryLoad(path, out var mapped)) return mapped;
            var assembly = typeof(Library).Assembly;
            foreach (var name in new[] { "librdkafka", "centos8-librdkafka", "alpine-librdkafka" })
                if (NativeLibrary.TryLoad(name, assembly, null, out var probed)) return probed;
            var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
            foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so", "librdkafka.dll", "librdkafka.dylib" })
                if (NativeLibrary.TryLoad(Path.Combine(native, file), out var found)) return found;
            throw new DllNotFoundException("could not locate the librdkafka image Confluent.Kafka loaded");
        }

        private static IEnumerable<string> MappedLibrdkafkaPaths()
        {
            string[] lines;
            try { lines = File.ReadAllLines("/proc/self/maps"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0) continue;
                var path = line[slash..];
                var file = Path.GetFileName(path);
                if (file.Contains("librdkafka", StringComparison.Ordinal) && file.Contains(".so", StringComparison.Ordinal)
                    && !file.Contains("++", StringComparison.Ordinal) && seen.Add(path))
                    yield return path;
            }
        }
    }
}
