using System.Collections.Immutable;

namespace Pulse.Compiler.Properties;

/// <summary>The shape a property's value must have.</summary>
public enum PropertyValueKind
{
    String,
    /// <summary>A string of exactly one character (csv delimiter and quote).</summary>
    Character,
    Integer,
    Bool,
    Duration,
    /// <summary>A bare word from <see cref="PropertyDefinition.EnumValues"/> (<c>mode = upsert</c>).</summary>
    Enum,
    /// <summary>A column name (<c>event_time = observed_at</c>).</summary>
    Column,
    /// <summary><c>[a, b]</c> (a single bare name counts as a one-column list).</summary>
    ColumnList,
    /// <summary><c>[[a], [b, c]]</c>.</summary>
    ColumnLists,
    /// <summary><c>["", "NA"]</c>.</summary>
    StringList,
    /// <summary>The name of a source or view.</summary>
    Relation,
    /// <summary>The name of a connection.</summary>
    Connection,
    /// <summary>A connection setting: a literal, <c>env("NAME")</c> or <c>secret("name")</c>.</summary>
    Setting,
    /// <summary>A nested <c>name { … }</c> block with its own properties.</summary>
    Block,
}

/// <summary>
/// One property a block accepts: its name, value kind, whether it is required, its default (as spec
/// text, for hover and docs) and a one-line doc. <see cref="Nested"/> lists the properties of a block property.
/// </summary>
public sealed record PropertyDefinition(
    string Name,
    PropertyValueKind Kind,
    string Doc,
    bool Required = false,
    string? Default = null,
    ImmutableArray<string> EnumValues = default,
    BlockDefinition? Nested = null,
    /// <summary>A credential: a literal value is an error (PULSE3010).</summary>
    bool IsSecret = false)
{
    /// <summary>How the expected value reads in messages and hover: "a duration such as 30m", "one of append, upsert, replace".</summary>
    public string ExpectedText => PropertyKinds.Describe(this);
}

/// <summary>
/// The properties a kind of block accepts (a csv source, a postgres sink, a deploy section...).
/// <see cref="Title"/> names the block in messages ("csv source", "deploy databricks section").
/// </summary>
public sealed record BlockDefinition(string Title, ImmutableArray<PropertyDefinition> Properties)
{
    public PropertyDefinition? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);
    public IEnumerable<string> Names => Properties.Select(p => p.Name);
}

public static class PropertyKinds
{
    public static string Describe(PropertyDefinition property) => property.Kind switch
    {
        PropertyValueKind.String => "a string",
        PropertyValueKind.Character => "a string of one character",
        PropertyValueKind.Integer => "a whole number",
        PropertyValueKind.Bool => "true or false",
        PropertyValueKind.Duration => "a duration such as 30s, 10m or 2h",
        PropertyValueKind.Enum => "one of " + string.Join(", ", property.EnumValues),
        PropertyValueKind.Column => "a column name",
        PropertyValueKind.ColumnList => "a list of column names such as [a, b]",
        PropertyValueKind.ColumnLists => "a list of column lists such as [[a], [b, c]]",
        PropertyValueKind.StringList => "a list of strings such as [\"\", \"NA\"]",
        PropertyValueKind.Relation => "the name of a source or view",
        PropertyValueKind.Connection => "the name of a connection",
        PropertyValueKind.Setting => "a literal, env(\"NAME\") or secret(\"name\")",
        _ => "a block { … }",
    };
}
