using System.Collections.Immutable;
using Npgsql;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>
/// Reads the live schema of a pipeline from a database's catalog, as a <see cref="SchemaState"/> the
/// planner can diff against. Only objects the pipeline's writer role was granted are read: a schema
/// shared with other applications must never look like "tables to drop".
/// </summary>
public static class PostgresCatalogReader
{
    public static async Task<SchemaState> ReadAsync(string connectionString, string pipeline, IReadOnlyCollection<string> schemas,
        CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ReadAsync(connection, pipeline, schemas, cancellationToken);
    }

    public static async Task<SchemaState> ReadAsync(NpgsqlConnection connection, string pipeline, IReadOnlyCollection<string> schemas,
        CancellationToken cancellationToken = default)
    {
        var writer = Sql.PgNames.WriterRole(pipeline);
        var schemaArray = schemas.ToArray();

        // Tables and views the writer role holds a privilege on, with their columns in order.
        const string columnsSql = """
            SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.is_nullable,
                   format_type(a.atttypid, a.atttypmod)
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
            JOIN pg_catalog.pg_class r ON r.relnamespace = n.oid AND r.relname = c.table_name
            JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attname = c.column_name
            WHERE c.table_schema = ANY(@schemas)
              AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                          WHERE g.rolname = @writer AND has_table_privilege(g.oid, r.oid, 'SELECT'))
            ORDER BY c.table_schema, c.table_name, c.ordinal_position
            """;
        var tables = new List<(string Schema, string Name, bool IsView, List<ColumnState> Columns)>();
        await using (var command = new NpgsqlCommand(columnsSql, connection))
        {
            command.Parameters.AddWithValue("schemas", schemaArray);
            command.Parameters.AddWithValue("writer", writer);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (schema, name) = (reader.GetString(0), reader.GetString(1));
                if (tables.Count == 0 || tables[^1].Schema != schema || tables[^1].Name != name)
                    tables.Add((schema, name, reader.GetString(2) == "VIEW", []));
                tables[^1].Columns.Add(new ColumnState(reader.GetString(3), reader.GetString(5), reader.GetString(4) == "NO"));
            }
        }

        const string constraintsSql = """
            SELECT n.nspname, t.relname, con.conname, con.contype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.ord)::text[],
                   pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class t ON t.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = ANY(@schemas) AND con.contype IN ('p', 'c')
            ORDER BY n.nspname, t.relname, con.conname
            """;
        var keys = new Dictionary<(string, string), (string Name, string[] Columns)>();
        var checks = new Dictionary<(string, string), List<CheckState>>();
        await using (var command = new NpgsqlCommand(constraintsSql, connection))
        {
            command.Parameters.AddWithValue("schemas", schemaArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = (reader.GetString(0), reader.GetString(1));
                if (reader.GetChar(3) == 'p') keys[table] = (reader.GetString(2), reader.GetFieldValue<string[]>(4));
                else (checks.TryGetValue(table, out var list) ? list : checks[table] = []).Add(new CheckState(reader.GetString(2), reader.GetString(5)));
            }
        }

        const string indexesSql = """
            SELECT n.nspname, t.relname, i.relname,
                   ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                         ORDER BY k.ord)::text[]
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = ANY(@schemas) AND NOT x.indisprimary
            ORDER BY n.nspname, t.relname, i.relname
            """;
        var indexes = new Dictionary<(string, string), List<IndexState>>();
        await using (var command = new NpgsqlCommand(indexesSql, connection))
        {
            command.Parameters.AddWithValue("schemas", schemaArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = (reader.GetString(0), reader.GetString(1));
                (indexes.TryGetValue(table, out var list) ? list : indexes[table] = [])
                    .Add(new IndexState(reader.GetString(2), reader.GetFieldValue<string[]>(3).ToImmutableArray()));
            }
        }

        var tableStates = tables.Where(t => !t.IsView).Select(t =>
        {
            var key = (t.Schema, t.Name);
            var pk = keys.TryGetValue(key, out var k) ? k : default;
            return new TableState(t.Schema, t.Name, t.Columns.ToImmutableArray(), pk.Name,
                pk.Columns?.ToImmutableArray() ?? [],
                indexes.TryGetValue(key, out var ix) ? ix.ToImmutableArray() : [],
                checks.TryGetValue(key, out var ck) ? ck.ToImmutableArray() : []);
        }).ToImmutableArray();
        var viewStates = tables.Where(t => t.IsView)
            .Select(t => new ViewState(t.Schema, t.Name, t.Columns.Select(c => c.Name).ToImmutableArray())).ToImmutableArray();
        return new SchemaState(pipeline, 0, tableStates, viewStates);
    }
}
