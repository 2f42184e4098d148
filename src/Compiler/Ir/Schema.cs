using System.Collections.Immutable;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Ir;

/// <summary>
/// A column of a relation. <see cref="Name"/> is unique within the relation; after a join whose
/// sides share a name it is <c>alias.column</c>, which a later select renames.
/// </summary>
public sealed record Column(string Name, PulseType Type, string? Doc = null);

/// <summary>The ordered columns of a relation.</summary>
public sealed record RelSchema(ImmutableArray<Column> Columns)
{
    public static readonly RelSchema Empty = new(ImmutableArray<Column>.Empty);
    public Column? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
    public Column this[string name] => Find(name) ?? throw new KeyNotFoundException($"no column '{name}'");
}
