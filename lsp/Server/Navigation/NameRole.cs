namespace Pulse.Lsp.Navigation;

/// <summary>What a name in the tree is: the position in the grammar decides, no binding needed.</summary>
public enum NameRole
{
    Unknown,
    /// <summary>The name of a top-level declaration (or of an environment's connection).</summary>
    Declaration,
    /// <summary><c>csv</c>, <c>postgres</c>, ... after <c>source x:</c>, <c>sink x:</c>, <c>connection x:</c>.</summary>
    Kind,
    /// <summary>A schema field or a record type's field.</summary>
    FieldDeclaration,
    /// <summary>A column a clean step or view step creates (<c>derive x =</c>, <c>select x = …</c>, aggregates, <c>rename a -> x</c>).</summary>
    ColumnDeclaration,
    ColumnReference,
    /// <summary>A source or view named by <c>from</c>, <c>join</c>, <c>union</c>, <c>batch</c>, <c>speed</c>, a sink's <c>from =</c>, <c>references</c>, a test.</summary>
    RelationReference,
    ConnectionReference,
    EnvironmentReference,
    AliasDeclaration,
    AliasReference,
    Function,
    TypeName,
    /// <summary>A setting's name: <c>path</c>, <c>connection</c>, <c>databricks</c>, ...</summary>
    PropertyKey,
    /// <summary>A bare word as a setting's value: <c>mode = upsert</c>, <c>cloud = azure</c>.</summary>
    EnumValue,
    ExpectationName,
}
