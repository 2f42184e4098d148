using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Sql;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// Golden files of the DuckDB SQL each example's views lower to (and the Elasticsearch mappings of
/// their sinks), under Batch/Baselines/&lt;example&gt;/. Rewrite them with PULSE_UPDATE_BASELINES=1.
/// The SQL's real consumer checks it too: DuckDB binds every statement against tables of the IR's schemas.
/// </summary>
public sealed class SqlBaselineTests
{
    public static readonly TheoryData<string> Specs = new() { "world-hunger", "orders", "product-search", "clickstream" };

    private static readonly RelationContext Context = new(
        SourceTable: name => SqlText.Qualified("sources", name),
        ViewTable: name => SqlText.Qualified("views", name),
        Now: SqlLiterals.Timestamp(Runs.Now),
        Horizon: _ => "TIMESTAMP '2024-06-03 00:00:00'");

    private static string Render(PipelineIr pipeline)
    {
        var text = new StringBuilder();
        foreach (var view in pipeline.Views.Where(v => v.Layer != ViewLayer.Speed))
            text.Append("-- ").Append(view.Layer.ToString().ToLowerInvariant()).Append(" view ").Append(view.Name).Append('\n')
                .Append(new DuckDbSqlWriter(Context).View(view)).Append(";\n\n");
        foreach (var sink in pipeline.Sinks.Where(s => s.Kind == SinkKind.Elasticsearch))
            text.Append("-- elasticsearch sink ").Append(sink.Name).Append(": documents\n")
                .Append(DocumentSql.Select(sink, $"SELECT * FROM {SqlText.Qualified("views", sink.From)}")).Append(";\n")
                .Append("-- mapping: ").Append(JsonSerializer.Serialize(DocumentSql.Mapping(sink))).Append("\n\n");
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void View_sql_matches_its_baseline(string spec)
    {
        var actual = Render(Examples.Lower(spec + ".pulse"));
        Assert.Equal(actual, Render(Examples.Lower(spec + ".pulse")));
        var file = Path.Combine(Repo.Root, "tests", "Runtime.Tests", "Batch", "Baselines", spec, "views.sql");
        if (Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
        }
        Assert.True(File.Exists(file), $"missing baseline {file}; run with PULSE_UPDATE_BASELINES=1");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), actual);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Duckdb_binds_every_view_statement(string spec)
    {
        var pipeline = Examples.Lower(spec + ".pulse");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        Execute("CREATE SCHEMA sources; CREATE SCHEMA views");
        string Columns(RelSchema schema) => SqlText.Join(schema.Columns.Select(c => SqlText.Identifier(c.Name) + " " + DuckDbTypes.Name(c.Type)));
        foreach (var source in pipeline.Sources) Execute($"CREATE TABLE {SqlText.Qualified("sources", source.Name)} ({Columns(source.Schema)})");
        foreach (var view in pipeline.Views.Where(v => v.Layer == ViewLayer.Speed)) Execute($"CREATE TABLE {SqlText.Qualified("views", view.Name)} ({Columns(view.Schema)})");
        foreach (var view in pipeline.Views.Where(v => v.Layer != ViewLayer.Speed))
        {
            // Views are created in dependency order (the IR's order), each as a table of its own SQL's result.
            Execute($"CREATE TABLE {SqlText.Qualified("views", view.Name)} AS {new DuckDbSqlWriter(Context).View(view)}");
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'views' AND table_name = {SqlText.String(view.Name)} ORDER BY column_index";
            using var reader = command.ExecuteReader();
            var columns = new List<string>();
            while (reader.Read()) columns.Add(reader.GetString(0) + " " + reader.GetString(1).Replace(",", ", "));
            Assert.Equal(view.Schema.Columns.Select(c => c.Name + " " + DuckDbTypes.Name(c.Type).Replace("\"", "")), columns);
        }
    }
}
