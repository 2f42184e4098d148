using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Cli.Output;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Compiler.Types;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Sql;
using Spectre.Console;

namespace Pulse.Cli.Commands;

/// <summary>
/// <c>pulse query</c>: prints the rows of a view (or a cleaned source) from the last run's state.
/// <c>--where</c> takes a Pulse expression, checked against the view's columns by the same checker
/// as the spec and lowered to SQL by the batch layer's writer, so nothing the user types reaches
/// DuckDB unchecked or unquoted.
/// </summary>
public sealed class QueryCommand : ICommand
{
    public enum QueryFormat { Table, Csv, Json }

    private const string QueryView = "pulse query";
    private const string QueryFile = "<--where>";

    public string Name => "query";
    public string Summary => "print a view's rows from the last run (table, csv, json)";
    public string Help => """
        usage: pulse query <view> [spec] [--where EXPR] [--limit N] [--format table|csv|json] [--state DIR]

        Reads the view (or cleaned source) as the last `pulse run` published it. EXPR is a Pulse
        expression over the view's columns, e.g. --where 'commodity == "maize" and avg_price > 0.4'.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["where", "limit", "format", "state", "env"], []);
        if (line.Positionals.Count == 0) throw new UsageException("name the view to query, e.g. pulse query disaster_decades pipelines/world-hunger.pulse");
        var relation = line.Positionals[0];
        var format = line.Choice("format", QueryFormat.Table);
        var limit = line.Option("limit") is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException($"'--limit {text}' is not a positive whole number")
            : 100;
        var spec = PipelineLoader.SingleSpec(line.Positionals.Skip(1).ToList(), context);
        var compilation = SpecFiles.Load(spec, context);
        var where = line.Option("where");
        if (where is not null)
            compilation = compilation.WithText(QueryFile, $"batch view `{QueryView}` {{\n  from {Quote(relation)}\n  where {where}\n}}\n");

        var diagnostics = compilation.GetDiagnostics();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
                context.Error.WriteLine(error.Source.Path == QueryFile ? $"--where: {error.Message}" + (error.Hint is null ? "" : $" (hint: {error.Hint})") : error.ToString());
            return ExitCodes.Failed;
        }
        var ir = compilation.Lower(line.Option("env") ?? "local");
        var (schema, table) = ir.FindView(relation) is { } view ? (view.Schema, StateLayout.Views)
            : ir.FindSource(relation) is { } source ? (source.Schema, StateLayout.Sources)
            : throw new UsageException($"no view or source named '{relation}' in {SpecFiles.Display(spec, context)}");

        var sql = new StringBuilder("SELECT * FROM ").Append(SqlText.Qualified(table, relation));
        if (where is not null && ir.FindView(QueryView)?.Root is FilterNode filter)
            sql.Append(" WHERE ").Append(DuckDbExpressionWriter.ForAlias(null, "now()").Write(filter.Predicate));
        sql.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));

        var stateDirectory = line.Option("state") is { } state ? context.Resolve(state) : Path.GetFullPath(Path.Combine(context.WorkingDirectory, ir.BaseDirectory, ".pulse"));
        var database = Path.Combine(stateDirectory, StateLayout.DatabaseFile);
        if (!File.Exists(database)) throw new IoException($"no state at {database}; run the pipeline first (pulse run {SpecFiles.Display(spec, context)})");

        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        List<object?[]> rows = [];
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
        }
        catch (DuckDBException e) when (e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            throw new IoException($"'{relation}' is not in the state yet; run the pipeline again (pulse run {SpecFiles.Display(spec, context)})");
        }
        Write(schema, rows, format, context);
        return ExitCodes.Ok;
    }

    private static string Quote(string name) => "`" + name.Replace("`", "``") + "`";

    private static void Write(RelSchema schema, List<object?[]> rows, QueryFormat format, CliContext context)
    {
        var names = schema.Columns.Select(c => c.Name).ToList();
        var types = schema.Columns.Select(c => c.Type).ToList();
        switch (format)
        {
            case QueryFormat.Csv:
                context.Out.WriteLine(string.Join(',', names.Select(Csv)));
                foreach (var row in rows) context.Out.WriteLine(string.Join(',', row.Select((v, i) => v is null ? "" : Csv(Text(v, types[i])))));
                break;
            case QueryFormat.Json:
                using (var stream = new MemoryStream())
                {
                    using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    {
                        json.WriteStartArray();
                        foreach (var row in rows)
                        {
                            json.WriteStartObject();
                            for (var i = 0; i < names.Count; i++) WriteJson(json, names[i], row[i], types[i]);
                            json.WriteEndObject();
                        }
                        json.WriteEndArray();
                    }
                    context.Out.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
                }
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in schema.Columns)
                {
                    var tableColumn = new TableColumn(Markup.Escape(column.Name));
                    if (column.Type.IsNumeric) tableColumn.RightAligned();
                    table.AddColumn(tableColumn);
                }
                foreach (var row in rows) table.AddRow(row.Select((v, i) => v is null ? "[grey]null[/]" : Markup.Escape(Text(v, types[i]))).ToArray());
                var console = context.CreateConsole();
                console.Write(table);
                console.WriteLine($"{rows.Count} row{(rows.Count == 1 ? "" : "s")}");
                break;
        }
    }

    /// <summary>Invariant text of a value; DuckDB hands dates and timestamps back as DateTime, so the column type decides.</summary>
    private static string Text(object value, PulseType type) => value switch
    {
        DateTime time when type.Kind == TypeKind.Date => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static void WriteJson(Utf8JsonWriter json, string name, object? value, PulseType type)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int or long or short or byte: json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case decimal d: json.WriteNumber(name, d); break;
            case double d: json.WriteNumber(name, d); break;
            case float f: json.WriteNumber(name, f); break;
            default: json.WriteString(name, Text(value, type)); break;
        }
    }
}
