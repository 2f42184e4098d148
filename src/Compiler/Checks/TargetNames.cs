using System.Text;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Checks;

/// <summary>
/// Naming rules of the systems Pulse writes to, checked in the spec so that no backend fails (or,
/// worse, silently truncates) later: PostgreSQL's 63-byte identifiers, Elasticsearch index names and
/// Kafka topic names.
/// </summary>
internal static class TargetNames
{
    public const int PostgresMaxIdentifierBytes = 63;
    private const string ElasticsearchForbidden = "\\/*?\"<>|,# ";

    /// <summary>Splits <c>"schema.table"</c> (or <c>"table"</c> in the public schema); null when it is not a table name.</summary>
    public static TableName? ParseTable(string text)
    {
        var parts = text.Split('.');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0)) return null;
        return parts.Length == 1 ? new TableName("public", parts[0]) : new TableName(parts[0], parts[1]);
    }

    public static TableName? CheckPostgresTable(BindingContext context, SyntaxTree tree, SyntaxNode at, string text)
    {
        var table = ParseTable(text);
        if (table is null)
        {
            context.Add(BindingContext.At(tree, at).InvalidTableName(text));
            return null;
        }
        CheckPostgresIdentifier(context, tree, at, table.Schema);
        CheckPostgresIdentifier(context, tree, at, table.Name);
        return table;
    }

    public static bool CheckPostgresIdentifier(BindingContext context, SyntaxTree tree, SyntaxNode at, string name)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes <= PostgresMaxIdentifierBytes) return true;
        context.Add(BindingContext.At(tree, at).PostgresIdentifierTooLong(name, bytes));
        return false;
    }

    /// <summary>The reason an Elasticsearch index name is invalid, or null when it is valid.</summary>
    public static string? ElasticsearchIndexProblem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name is "." or "..") return "`.` and `..` are reserved";
        if (name.Any(char.IsUpper)) return "it has upper-case letters";
        var forbidden = name.FirstOrDefault(c => ElasticsearchForbidden.Contains(c));
        if (forbidden != default) return forbidden == ' ' ? "it contains a space" : $"it contains `{forbidden}`";
        if (name[0] is '-' or '_' or '+') return $"it starts with `{name[0]}`";
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > 255) return $"it is {bytes} bytes long (at most 255)";
        return null;
    }

    public static void CheckElasticsearchIndex(BindingContext context, SyntaxTree tree, SyntaxNode at, string name)
    {
        if (ElasticsearchIndexProblem(name) is { } problem) context.Add(BindingContext.At(tree, at).InvalidElasticsearchIndex(name, problem));
    }

    /// <summary>The reason a Kafka topic name is invalid, or null when it is valid.</summary>
    public static string? KafkaTopicProblem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name is "." or "..") return "`.` and `..` are reserved";
        if (name.Length > 249) return $"it is {name.Length} characters long (at most 249)";
        var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        return bad == default ? null : bad == ' ' ? "it contains a space" : $"it contains `{bad}`";
    }

    public static void CheckKafkaTopic(BindingContext context, SyntaxTree tree, SyntaxNode at, string name)
    {
        if (KafkaTopicProblem(name) is { } problem) context.Add(BindingContext.At(tree, at).InvalidKafkaTopic(name, problem));
    }
}
