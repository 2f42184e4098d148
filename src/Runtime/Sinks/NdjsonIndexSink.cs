using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// An elasticsearch sink in the local environment: the documents, one JSON object per line with its
/// <c>_id</c> first, in <c>elasticsearch/&lt;index&gt;.ndjson</c> under the state directory. The file is
/// the whole index (a full reindex each run); it is written to a temporary file and renamed, so a
/// reader sees the old or the new file.
/// </summary>
public sealed class NdjsonIndexSink(SinkIr sink) : ISink
{
    public string Target => sink.Index ?? sink.Name;

    public bool InPublishTransaction => false;

    public Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation)
    {
        var index = sink.Index ?? throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.FileSinkFailed,
            $"sink {sink.Name} has no index", "add index = \"...\""));
        var file = EmbeddedIndexSourceReader.IndexFile(context.StateDirectory, index);
        var temporary = file + ".tmp-" + context.RunId;
        long count = 0;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)) { NewLine = "\n" })
            using (var command = context.Connection.CreateCommand())
            {
                command.CommandText = DocumentSql.Select(sink, context.RowsSql);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var doc = reader.GetString(1);
                    var id = reader.IsDBNull(0) ? null : reader.GetString(0);
                    writer.WriteLine(id is null ? doc : "{\"_id\":" + System.Text.Json.JsonSerializer.Serialize(id) + (doc.Length > 2 ? "," + doc[1..] : "}"));
                    count++;
                }
            }
            File.Move(temporary, file, overwrite: true);
        }
        catch (IOException e)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.FileSinkFailed, $"sink {sink.Name}: cannot write {file}: {e.Message}"), e);
        }
        return Task.FromResult(new SinkResult(count));
    }
}
