using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// A postgres sink in the local environment: the table <c>"schema"."table"</c> in the state database,
/// written inside the publish transaction. <c>replace</c> recreates it with exactly the new rows;
/// <c>upsert</c> deletes the rows whose key the new rows carry and inserts the new rows (keys compare
/// with IS NOT DISTINCT FROM); <c>append</c> inserts. The table is created when missing.
/// </summary>
public sealed class DuckDbTableSink(SinkIr sink) : ISink
{
    public string Target => sink.Table?.ToString() ?? sink.Name;

    public bool InPublishTransaction => true;

    public Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation)
    {
        var table = sink.Table ?? throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.PostgresFailed,
            $"sink {sink.Name} has no table", "add table = \"schema.table\""));
        if (StateLayout.ReservedSchemas.Contains(table.Schema))
            throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.ReservedSchema,
                $"sink {sink.Name}: schema {table.Schema} is reserved by the local runtime", "use another schema name for the table"));
        var target = SqlText.Qualified(context.StateCatalog, table.Schema, table.Name);
        var columns = SqlText.Join(sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name)));
        Execute(context, $"CREATE SCHEMA IF NOT EXISTS {SqlText.Qualified(context.StateCatalog, table.Schema)}");
        if (sink.Mode == WriteMode.Replace)
        {
            Execute(context, $"CREATE OR REPLACE TABLE {target} AS {context.RowsSql}");
        }
        else
        {
            var definition = SqlText.Join(sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name) + " " + DuckDbTypes.Name(c.Type)));
            Execute(context, $"CREATE TABLE IF NOT EXISTS {target} ({definition})");
            if (sink.Mode == WriteMode.Upsert)
            {
                if (sink.Key.IsDefaultOrEmpty)
                    throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.UpsertKeyMissing,
                        $"sink {sink.Name}: mode upsert needs a key", "add key = [column, ...]"));
                var match = string.Join(" AND ", sink.Key.Select(k => $"n.{SqlText.Identifier(k)} IS NOT DISTINCT FROM t.{SqlText.Identifier(k)}"));
                Execute(context, $"DELETE FROM {target} AS t WHERE EXISTS (SELECT 1 FROM ({context.RowsSql}) AS n WHERE {match})");
            }
            Execute(context, $"INSERT INTO {target} ({columns}) SELECT {columns} FROM ({context.RowsSql}) AS n");
        }
        using var command = context.Connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM ({context.RowsSql})";
        return Task.FromResult(new SinkResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static void Execute(SinkContext context, string sql)
    {
        using var command = context.Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
