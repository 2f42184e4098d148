using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>One method per sink: PostgreSQL over JDBC (append, replace, upsert), Elasticsearch, Delta/Parquet files, Kafka.</summary>
public static class SparkSinkTranslator
{
    public static string MethodName(SinkIr sink) => CSharpNames.Identifier("Sink_" + sink.Name);

    /// <param name="streaming">A micro-batch of a speed view appends; a batch run rewrites file sinks.</param>
    public static MethodDeclarationSyntax Method(SparkSinkPlan plan, bool streaming) => SparkErrors.At(plan.Sink.Origin, () => BuildMethod(plan, streaming));

    private static MethodDeclarationSyntax BuildMethod(SparkSinkPlan plan, bool streaming)
    {
        var sink = plan.Sink;
        var rows = Name("rows");
        var body = new List<StatementSyntax>();
        switch (sink.Kind)
        {
            case SinkKind.Postgres:
            {
                var table = sink.Table ?? throw new NotSupportedException($"a postgres sink without a table");
                body.Add(Var("jdbc", SparkSettings.Jdbc(plan.Connection)));
                body.Add(Statement(sink.Mode switch
                {
                    WriteMode.Append => Call(Name("jdbc"), "Append", rows, String(table.Schema), String(table.Name)),
                    WriteMode.Replace when !streaming => Call(Name("jdbc"), "Replace", rows, String(table.Schema), String(table.Name)),
                    WriteMode.Replace => Call(Name("jdbc"), "Append", rows, String(table.Schema), String(table.Name)),
                    _ => Call("PulseUpsert", "Run", Name("jdbc"), rows, String(table.Schema), String(table.Name), Array("string", sink.Key.Select(k => (ExpressionSyntax)String(k)))),
                }));
                break;
            }
            case SinkKind.Elasticsearch:
                body.Add(Statement(Call("PulseElasticsearch", "Write", rows, SparkSettings.Elasticsearch(plan.Connection), String(sink.Index ?? sink.Name),
                    Array("string", sink.DocumentId.Select(k => (ExpressionSyntax)String(k))))));
                break;
            case SinkKind.Delta or SinkKind.Parquet:
            {
                ExpressionSyntax writer = Call(Call(Call(rows, "Write"), "Format", String(sink.Kind == SinkKind.Delta ? "delta" : "parquet")),
                    "Mode", String(streaming ? "append" : "overwrite"));
                if (!sink.PartitionBy.IsDefaultOrEmpty)
                    writer = Call(writer, "PartitionBy", [.. sink.PartitionBy.Select(c => (ExpressionSyntax)String(c))]);
                body.Add(Statement(Call(writer, "Save", Call(Name("context"), "Data", String(sink.Path ?? "out/" + plan.Slug)))));
                break;
            }
            case SinkKind.Kafka:
                body.Add(Statement(Call("PulseKafka", "Write", rows, SparkSettings.Kafka(plan.Connection), String(sink.Topic ?? sink.Name),
                    sink.Key.IsDefaultOrEmpty ? Null() : String(sink.Key[0]))));
                break;
            default:
                throw new NotSupportedException($"sink kind {sink.Kind}");
        }
        body[0] = WithComments(body[0], $"sink {sink.Name}: {sink.Kind.ToString().ToLowerInvariant()} ({SparkJobParser.Where(sink.Origin)})");
        return MethodDeclaration(PredefinedType(Token(SyntaxKind.VoidKeyword)), MethodName(sink))
            .AddModifiers(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword))
            .AddParameterListParameters(
                Parameter(Identifier("rows")).WithType(ParseTypeName("DataFrame")),
                Parameter(Identifier("context")).WithType(ParseTypeName("PulseContext")))
            .WithBody(Block(body));
    }
}
