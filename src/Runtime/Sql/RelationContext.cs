using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Sql;

/// <summary>
/// What relational SQL needs from the run: where each source and view lives, the value of
/// <c>now()</c>, and for serving views the batch horizon (a SQL expression of type TIMESTAMP, or
/// null when the batch view is empty and so has no horizon).
/// </summary>
public sealed record RelationContext(
    Func<string, string> SourceTable,
    Func<string, string> ViewTable,
    string Now,
    Func<ServeMergeNode, string?>? Horizon = null);
