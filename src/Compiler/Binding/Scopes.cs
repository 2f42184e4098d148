using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Binding;

/// <summary>
/// A column visible to an expression. <see cref="Name"/> is its unique name in the input relation
/// (what the IR's <see cref="ColumnRef"/> carries, e.g. <c>g.life_expect</c> after a join of two
/// relations that both have it); <see cref="BareName"/> is how a spec writes it unqualified;
/// <see cref="Qualifier"/> is the alias of the relation it came from, if any.
/// <see cref="Lineage"/> lists the upstream columns its value is computed from.
/// </summary>
internal sealed record ScopeColumn(string Name, string BareName, string? Qualifier, PulseType Type, int Input, ColumnSymbol Symbol, ImmutableArray<ColumnKey> Lineage)
{
    public Column ToColumn() => new(Name, Type, Symbol.Doc);
}

internal enum LookupOutcome { Found, Ambiguous, NotFound }

internal readonly record struct ColumnLookup(LookupOutcome Outcome, ScopeColumn? Column, ImmutableArray<ScopeColumn> Candidates)
{
    public static readonly ColumnLookup None = new(LookupOutcome.NotFound, null, []);
}

/// <summary>
/// The columns an expression can see at one point of a view or a source's cleaning, with the
/// aliases in effect. Immutable: every step makes a new scope.
/// </summary>
internal sealed class RelationScope
{
    private readonly Dictionary<string, List<ScopeColumn>> byBareName;
    private readonly Dictionary<string, ScopeColumn> byName;

    public RelationScope(ImmutableArray<ScopeColumn> columns, ImmutableDictionary<string, AliasSymbol> aliases, string description, bool isBroken = false)
    {
        IsBroken = isBroken;
        Columns = columns;
        Aliases = aliases;
        Description = description;
        byBareName = new Dictionary<string, List<ScopeColumn>>(StringComparer.Ordinal);
        byName = new Dictionary<string, ScopeColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!byBareName.TryGetValue(column.BareName, out var list)) byBareName[column.BareName] = list = [];
            list.Add(column);
            byName.TryAdd(column.Name, column);
        }
    }

    public static readonly RelationScope Empty = new([], ImmutableDictionary<string, AliasSymbol>.Empty, "this relation");

    /// <summary>
    /// True when the scope is missing columns because an earlier mistake was reported (an unknown
    /// relation, a cycle): unknown names are then not reported again.
    /// </summary>
    public bool IsBroken { get; }

    public ImmutableArray<ScopeColumn> Columns { get; }
    public ImmutableDictionary<string, AliasSymbol> Aliases { get; }

    /// <summary>How messages name the relation: "source `orders`", "the input of this step".</summary>
    public string Description { get; }

    public RelationScope With(ImmutableArray<ScopeColumn> columns, ImmutableDictionary<string, AliasSymbol>? aliases = null, bool? isBroken = null) =>
        new(columns, aliases ?? Aliases, Description, isBroken ?? IsBroken);

    public RelSchema ToRelSchema() => new(Columns.Select(c => c.ToColumn()).ToImmutableArray());

    public ScopeColumn? FindByName(string name) => byName.GetValueOrDefault(name);

    /// <summary>A bare name: the one column with that name, or an ambiguity between join sides.</summary>
    public ColumnLookup Resolve(string name)
    {
        if (!byBareName.TryGetValue(name, out var list)) return ColumnLookup.None;
        return list.Count == 1 ? new(LookupOutcome.Found, list[0], []) : new(LookupOutcome.Ambiguous, null, [.. list]);
    }

    /// <summary><c>alias.column</c>.</summary>
    public ColumnLookup ResolveQualified(string qualifier, string name)
    {
        if (!byBareName.TryGetValue(name, out var list)) return ColumnLookup.None;
        var matches = list.Where(c => c.Qualifier == qualifier).ToList();
        return matches.Count switch
        {
            0 => ColumnLookup.None,
            1 => new(LookupOutcome.Found, matches[0], []),
            _ => new(LookupOutcome.Ambiguous, null, [.. matches]),
        };
    }

    public IEnumerable<string> BareNames => byBareName.Keys;

    public IEnumerable<string> BareNamesOf(string qualifier) => Columns.Where(c => c.Qualifier == qualifier).Select(c => c.BareName);
}
