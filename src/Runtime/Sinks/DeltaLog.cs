using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// A minimal Delta Lake transaction log for a folder of Parquet files: version 0 with the protocol
/// (reader 1, writer 2), the table metadata (Spark schema, partition columns) and one <c>add</c> action
/// per file. Ids and times are derived from the sink and the run, so the same run writes the same log.
/// </summary>
public static class DeltaLog
{
    public static void Write(string folder, SinkIr sink, IReadOnlyList<string> partitions, PipelineIr pipeline, string runId)
    {
        var log = Path.Combine(folder, "_delta_log");
        Directory.CreateDirectory(log);
        var time = RunTime(runId);
        var lines = new List<string>
        {
            Json(new { commitInfo = new { timestamp = time, operation = "WRITE", operationParameters = new { mode = "Overwrite", partitionBy = JsonSerializer.Serialize(partitions) }, engineInfo = "pulse" } }),
            Json(new { protocol = new { minReaderVersion = 1, minWriterVersion = 2 } }),
            Json(new
            {
                metaData = new
                {
                    id = StableId(pipeline.Name + "/" + sink.Name),
                    format = new { provider = "parquet", options = new Dictionary<string, string>() },
                    schemaString = JsonSerializer.Serialize(new { type = "struct", fields = sink.Schema.Columns.Select(c => Field(c.Name, c.Type)) }),
                    partitionColumns = partitions,
                    configuration = new Dictionary<string, string>(),
                    createdTime = time,
                },
            }),
        };
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            foreach (var part in relative.Split('/').SkipLast(1))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0) continue;
                var value = Uri.UnescapeDataString(part[(equals + 1)..]);
                values[Uri.UnescapeDataString(part[..equals])] = value == "NULL" ? null : value;
            }
            lines.Add(Json(new { add = new { path = relative, partitionValues = values, size = new FileInfo(file).Length, modificationTime = time, dataChange = true } }));
        }
        File.WriteAllText(Path.Combine(log, "00000000000000000000.json"), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
    }

    private static object Field(string name, PulseType type) => new { name, type = SparkType(type), nullable = true, metadata = new Dictionary<string, string>() };

    private static object SparkType(PulseType type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json => "string",
        TypeKind.Int => "integer",
        TypeKind.Long => "long",
        TypeKind.Double => "double",
        TypeKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        TypeKind.Bool => "boolean",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamp",
        TypeKind.List => new { type = "array", elementType = SparkType(type.Element!), containsNull = true },
        TypeKind.Record => new { type = "struct", fields = (type.Fields.IsDefault ? [] : type.Fields).Select(f => Field(f.Name, f.Type)) },
        _ => "string",
    };

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string StableId(string text) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToString();

    /// <summary>The run's start in Unix milliseconds, read from the run id when it has the runner's format.</summary>
    private static long RunTime(string runId) =>
        DateTime.TryParseExact(runId.Split('-')[0], "yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds()
            : 0;
}
