using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Checks;
using Pulse.Compiler.Ir;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>
/// What a batch job of a view with <c>incremental on c</c> adds (the semantics of docs/language.md, "Incremental
/// batch views", as <c>pulse run</c> runs them): a <c>PulseIncremental</c> local that reads the high-water mark,
/// the inputs that carry c (from <see cref="IncrementalLineage"/>, the analysis the checker and the local runtime
/// share) wrapped in <c>incremental.From(...)</c>, and the write through <c>incremental.Write(...)</c>
/// (Delta <c>replaceWhere</c> from the mark on). The runtime side is <see cref="SparkRuntimeSupport.Incremental"/>.
/// </summary>
public sealed class SparkIncremental
{
    public const string Local = "incremental";

    private SparkIncremental(string column, ImmutableArray<IncrementalLeaf> leaves)
    {
        Column = column;
        Leaves = leaves;
        foreach (var leaf in leaves) _byNode.TryAdd(leaf.Leaf, leaf);
    }

    private readonly Dictionary<RelNode, IncrementalLeaf> _byNode = new(ReferenceEqualityComparer.Instance);

    public string Column { get; }

    /// <summary>The input relations (scans of sources or views) read from the mark on, with the column that carries c in each.</summary>
    public ImmutableArray<IncrementalLeaf> Leaves { get; }

    /// <summary>Null for a view without <c>incremental on</c> (and for speed and serving views, which the checker refuses it on).</summary>
    public static SparkIncremental? For(SparkJob job)
    {
        if (job.Kind != SparkJobKind.Batch || job.View.IncrementalColumn is not { } column) return null;
        var (leaves, refusal) = IncrementalLineage.Trace(job.View.Root, column);
        // pulse check reports this as PULSE3040; an IR built by other means still gets a clear error here.
        if (refusal is not null) throw SparkErrors.NotIncremental(job.View.Origin, job.View.Name, column, refusal);
        return new SparkIncremental(column, leaves);
    }

    /// <summary>The leaf a node of the view's body is (by reference: a self-join's two scans are equal records), or null.</summary>
    public IncrementalLeaf? LeafOf(RelNode node) => _byNode.GetValueOrDefault(node);

    /// <summary><c>incremental.From(rows, "column", "type")</c>: the rows of an input from the mark on.</summary>
    public static ExpressionSyntax From(ExpressionSyntax rows, IncrementalLeaf leaf) =>
        Call(Name(Local), "From", rows, String(leaf.Column), String(SparkTypes.Ddl(leaf.Leaf.Schema[leaf.Column].Type)));

    /// <summary><c>var incremental = new PulseIncremental(spark, context, args, view, slug, column, type, fingerprint)</c>, before the inputs are read.</summary>
    public StatementSyntax Declaration(SparkJob job, string fingerprint) =>
        WithComments(Var(Local, New("PulseIncremental", Name("spark"), Name("context"), Name("args"), String(job.View.Name), String(job.Slug),
                String(Column), String(SparkTypes.Ddl(job.View.Schema[Column].Type)), String(fingerprint))),
            $"incremental on {Column}: the high-water mark of the view's table (full on the first run, a changed definition, an empty table or --full-refresh)");

    /// <summary>
    /// The definition's fingerprint: the incremental column and the statements that compute the view (without their
    /// comments, so moving the view in the spec file is not a change). The local runtime fingerprints its own SQL;
    /// the two are never compared, each only with its own previous run.
    /// </summary>
    public string Fingerprint(IEnumerable<StatementSyntax> statements, ExpressionSyntax view)
    {
        var text = new StringBuilder(Column).Append('\n');
        foreach (var statement in statements) text.Append(statement.WithoutTrivia().NormalizeWhitespace().ToFullString()).Append('\n');
        text.Append(view.WithoutTrivia().NormalizeWhitespace().ToFullString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Whether a sink gets the rows this run replaced (they are keyed, appended or streamed: upsert and append
    /// PostgreSQL sinks, Elasticsearch and Kafka) rather than the whole view read back from its table
    /// (<c>replace</c> PostgreSQL sinks and Delta/Parquet folders, which are rewritten whole).
    /// </summary>
    public static bool SinkGetsReplacedRows(SinkIr sink) => sink.Kind switch
    {
        SinkKind.Postgres => sink.Mode != WriteMode.Replace,
        SinkKind.Elasticsearch or SinkKind.Kafka => true,
        _ => false,
    };
}
