using System.Globalization;
using System.Text;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// A checkpoint of a parquet or delta sink of a speed view, written as an append: new Parquet files holding
/// only what the checkpoint emitted (the write's number in their names, <c>part-00003-data_0.parquet</c>, in
/// the hive partition folders of <c>partition_by</c>), and for delta one more commit in <c>_delta_log</c>
/// adding them. A row emitted again with the identity of a stored row (a window re-delivered after a crash)
/// replaces it: the files of the writes holding such rows are rewritten into the new write (their other rows
/// with it) and removed, in the same delta commit. Removed files are deleted once the commit is in, so a
/// plain `read_parquet` of the folder and a Delta reader of the latest version see the same rows.
/// <para>
/// Order, for crash safety: files are moved into the folder, then the delta commit is written (put-if-absent),
/// then the store records the placement, then replaced files are deleted. A crash in between leaves extra
/// files no commit lists (delta) or duplicates in a plain parquet folder until the next run, whose first
/// checkpoint rewrites the folder whole from the store (<see cref="LocalSpeedSink"/>).
/// </para>
/// </summary>
internal static class SpeedFileAppend
{
    private const string Log = "_delta_log";

    /// <summary>Appends the store's last checkpoint to <paramref name="folder"/>; returns the files added and removed (relative paths).</summary>
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Write(SpeedSinkStore store, SinkIr sink, string folder, bool delta, DateTimeOffset now)
    {
        var write = store.NextWrite();
        var replaced = store.ReplacedWrites();
        var removed = store.FilesOf(replaced);
        var staging = folder + ".pulse-append-" + write.ToString(CultureInfo.InvariantCulture);
        var added = new List<string>();
        try
        {
            Copy(store, sink, store.AppendSql(replaced), staging);
            var prefix = $"part-{write.ToString("D5", CultureInfo.InvariantCulture)}-";
            foreach (var file in Directory.EnumerateFiles(staging, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(staging, file);
                var target = Path.Combine(folder, Path.GetDirectoryName(relative) ?? "", prefix + Path.GetFileName(relative));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(file, target);
                added.Add(Path.GetRelativePath(folder, target).Replace('\\', '/'));
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        if (delta) Commit(folder, added, removed, now);
        store.Place(write, replaced, added);
        foreach (var file in removed)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path)) File.Delete(path);
        }
        return (added, removed);
    }

    private static void Copy(SpeedSinkStore store, SinkIr sink, string rowsSql, string staging)
    {
        Directory.CreateDirectory(staging);
        var partitions = sink.PartitionBy.IsDefaultOrEmpty ? [] : sink.PartitionBy;
        var options = partitions.Length == 0
            ? "FORMAT parquet"
            : $"FORMAT parquet, PARTITION_BY ({SqlText.Join(partitions.Select(SqlText.Identifier))}), OVERWRITE_OR_IGNORE true";
        var target = partitions.Length == 0 ? Path.Combine(staging, "data_0.parquet") : staging;
        using var command = store.Connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM ({rowsSql}) ORDER BY ALL) TO {SqlText.String(target)} ({options})";
        command.ExecuteNonQuery();
    }

    /// <summary>The next delta version: <c>remove</c> actions for <paramref name="removed"/>, <c>add</c> actions for <paramref name="added"/>.</summary>
    private static void Commit(string folder, IReadOnlyList<string> added, IReadOnlyList<string> removed, DateTimeOffset now)
    {
        var log = Path.Combine(folder, Log);
        var version = Directory.EnumerateFiles(log, "*.json")
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .DefaultIfEmpty(-1).Max() + 1;
        var time = now.ToUnixTimeMilliseconds();
        var lines = new List<string>
        {
            JsonSerializer.Serialize(new { commitInfo = new { timestamp = time, operation = "STREAMING UPDATE", operationParameters = new { outputMode = "Append" }, engineInfo = "pulse" } }),
        };
        lines.AddRange(removed.Select(path => JsonSerializer.Serialize(new { remove = new { path, deletionTimestamp = time, dataChange = true } })));
        lines.AddRange(added.Select(path => JsonSerializer.Serialize(new
        {
            add = new { path, partitionValues = PartitionValues(path), size = new FileInfo(Path.Combine(folder, path)).Length, modificationTime = time, dataChange = true },
        })));
        var target = Path.Combine(log, version.ToString("D20", CultureInfo.InvariantCulture) + ".json");
        var temporary = target + ".pulse-new";
        File.WriteAllText(temporary, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        // Put-if-absent: a commit never replaces another (Delta's rule for concurrent writers).
        File.Move(temporary, target, overwrite: false);
    }

    /// <summary>The hive partition values of a relative file path (<c>page=%2F/part-…</c>), as the batch layer's Delta log writes them.</summary>
    private static SortedDictionary<string, string?> PartitionValues(string relative)
    {
        var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var part in relative.Split('/').SkipLast(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var value = Uri.UnescapeDataString(part[(equals + 1)..]);
            values[Uri.UnescapeDataString(part[..equals])] = value == "NULL" ? null : value;
        }
        return values;
    }
}
