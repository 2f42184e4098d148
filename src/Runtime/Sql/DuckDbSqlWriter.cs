using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Entry point of the IR-to-DuckDB lowering: one SELECT per view and single expressions over a
/// table alias. Everything user-controlled is quoted by <see cref="SqlText"/>.
/// </summary>
public sealed class DuckDbSqlWriter
{
    private readonly RelationContext context;

    public DuckDbSqlWriter(RelationContext context) => this.context = context;

    /// <summary>The SELECT producing a view's rows in the view's column order and types.</summary>
    public string View(ViewIr view) => new DuckDbRelationWriter(context).WriteView(view.Root);

    /// <summary>An expression over the columns of one table, referred to as <paramref name="alias"/> (or bare when null).</summary>
    public string Expression(Expr expr, string? alias = null) => DuckDbExpressionWriter.ForAlias(alias, context.Now).Write(expr);
}
