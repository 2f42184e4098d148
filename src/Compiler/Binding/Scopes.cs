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
/// Lookups scan the columns while there are few (most scopes), and index them by name on first use
/// when there are many: every step of every view makes a scope, on every check of every keystroke.
/// </summary>
internal sealed class RelationScope
{
    private const int ScanUpTo = 24;
    private Dictionary<string, List<ScopeColumn>>? byBareName;
    private Dictionary<string, ScopeColumn>? byName;

    public RelationScope(ImmutableArray<ScopeColumn> columns, ImmutableDictionary<string, AliasSymbol> aliases, string description, bool isBroken = false)
    {
        IsBroken = isBroken;
        Columns = columns;
        Aliases = aliases;
        Description = description;
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

    private bool Scans => Columns.Length <= ScanUpTo;

    public RelationScope With(ImmutableArray<ScopeColumn> columns, ImmutableDictionary<string, AliasSymbol>? aliases = null, bool? isBroken = null) =>
        new(columns, aliases ?? Aliases, Description, isBroken ?? IsBroken);

    public RelSchema ToRelSchema() => new(Columns.Select(c => c.ToColumn()).ToImmutableArray());

    /// <summary>The first column with this unique name.</summary>
    public ScopeColumn? FindByName(string name)
    {
        if (!Scans) return ByName().GetValueOrDefault(name);
        foreach (var column in Columns)
            if (column.Name == name) return column;
        return null;
    }

    /// <summary>A bare name: the one column with that name, or an ambiguity between join sides.</summary>
    public ColumnLookup Resolve(string name) => Lookup(name, qualifier: null, qualified: false);

    /// <summary><c>alias.column</c>.</summary>
    public ColumnLookup ResolveQualified(string qualifier, string name) => Lookup(name, qualifier, qualified: true);

    /// <summary>The columns with the bare name (and the qualifier, when qualified), in scope order: none, one, or an ambiguity.</summary>
    private ColumnLookup Lookup(string name, string? qualifier, bool qualified)
    {
        IEnumerable<ScopeColumn> candidates = Scans ? Columns : ByBareName().GetValueOrDefault(name) ?? (IEnumerable<ScopeColumn>)[];
        ScopeColumn? first = null;
        List<ScopeColumn>? more = null;
        foreach (var column in candidates)
        {
            if (column.BareName != name || (qualified && column.Qualifier != qualifier)) continue;
            if (first is null) first = column;
            else (more ??= [first]).Add(column);
        }
        if (first is null) return ColumnLookup.None;
        return more is null ? new(LookupOutcome.Found, first, []) : new(LookupOutcome.Ambiguous, null, [.. more]);
    }

    /// <summary>Each bare name once, in the order the columns first use it.</summary>
    public IEnumerable<string> BareNames => Scans ? Columns.Select(c => c.BareName).Distinct(StringComparer.Ordinal) : ByBareName().Keys;

    public IEnumerable<string> BareNamesOf(string qualifier) => Columns.Where(c => c.Qualifier == qualifier).Select(c => c.BareName);

    private Dictionary<string, List<ScopeColumn>> ByBareName()
    {
        if (byBareName is { } known) return known;
        var index = new Dictionary<string, List<ScopeColumn>>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            if (!index.TryGetValue(column.BareName, out var list)) index[column.BareName] = list = [];
            list.Add(column);
        }
        return byBareName = index; // a race builds it twice: harmless
    }

    private Dictionary<string, ScopeColumn> ByName()
    {
        if (byName is { } known) return known;
        var index = new Dictionary<string, ScopeColumn>(StringComparer.Ordinal);
        foreach (var column in Columns) index.TryAdd(column.Name, column);
        return byName = index;
    }
}
