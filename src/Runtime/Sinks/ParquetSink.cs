using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Parquet files under the sink's <c>path</c>, hive-partitioned by <c>partition_by</c>
/// (<c>year=1955/data_0.parquet</c>); a delta sink also writes a Delta transaction log
/// (<see cref="DeltaLog"/>) so Spark and Databricks read the folder as a Delta table. Locally a relative
/// path is resolved against the state directory, so runs never write into the spec's folder. Each
/// run replaces the folder: it is written next to the old one and swapped in with two renames.
/// </summary>
public sealed class ParquetSink(SinkIr sink, bool delta) : ISink
{
    public string Target => sink.Path ?? sink.Name;

    public bool InPublishTransaction => false;

    public static string ResolvePath(SinkContext context, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(context.StateDirectory, path));

    public Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation)
    {
        var path = ResolvePath(context, sink.Path ?? throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.FileSinkFailed,
            $"sink {sink.Name} has no path", "add path = \"...\"")));
        var staging = path + ".pulse-new-" + context.RunId;
        var retired = path + ".pulse-old-" + context.RunId;
        var partitions = sink.PartitionBy.IsDefaultOrEmpty ? [] : sink.PartitionBy;
        try
        {
            Directory.CreateDirectory(staging);
            var options = partitions.Length == 0
                ? "FORMAT parquet"
                : $"FORMAT parquet, PARTITION_BY ({SqlText.Join(partitions.Select(SqlText.Identifier))}), OVERWRITE_OR_IGNORE true";
            var target = partitions.Length == 0 ? Path.Combine(staging, "data_0.parquet") : staging;
            var ordered = partitions.Length == 0 ? context.RowsSql : $"SELECT * FROM ({context.RowsSql}) ORDER BY ALL";
            long rows;
            using (var command = context.Connection.CreateCommand())
            {
                command.CommandText = $"COPY ({ordered}) TO {SqlText.String(target)} ({options})";
                command.ExecuteNonQuery();
                command.CommandText = $"SELECT count(*) FROM ({context.RowsSql})";
                rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            if (delta) DeltaLog.Write(staging, sink, partitions, context.Pipeline, context.RunId);
            if (Directory.Exists(path)) Directory.Move(path, retired);
            Directory.Move(staging, path);
            if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
            return Task.FromResult(new SinkResult(rows));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (!Directory.Exists(path) && Directory.Exists(retired)) Directory.Move(retired, path);
            throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.FileSinkFailed,
                $"sink {sink.Name}: cannot write {path}: {e.Message.Split('\n')[0]}"), e);
        }
    }
}
