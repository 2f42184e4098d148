using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// The row shape while a source's cleaning steps run: the columns in order, each with its current
/// type, the symbol references resolve to, and the input fields its value comes from.
/// </summary>
internal sealed class CleaningState(SourceSymbol source, BindingContext context, SyntaxTree tree)
{
    private readonly List<ScopeColumn> columns = [];

    public SourceSymbol Source { get; } = source;
    public IReadOnlyList<ScopeColumn> Columns => columns;

    public string Description => $"source `{Source.Name}`";

    public RelationScope Scope => new([.. columns], ImmutableDictionary<string, AliasSymbol>.Empty, Description);

    public RelSchema Schema => new(columns.Select(c => c.ToColumn()).ToImmutableArray());

    public void Add(ScopeColumn column) => columns.Add(column);

    public int IndexOf(string name) => columns.FindIndex(c => c.Name == name);

    public ScopeColumn? TryFind(string name) => columns.Find(c => c.Name == name);

    /// <summary>The column a step names, or null after reporting it unknown (with did-you-mean).</summary>
    public ScopeColumn? Find(NameSyntax name)
    {
        if (name.IsMissing) return null;
        var column = TryFind(name.Text);
        if (column is null)
        {
            context.Add(BindingContext.At(tree, name).UnknownColumn(name.Text, Description, DidYouMean.Suggest(name.Text, columns.Select(c => c.Name))));
            return null;
        }
        context.Info.RecordSymbol(name, column.Symbol);
        return column;
    }

    public void Replace(ScopeColumn old, ScopeColumn replacement) => columns[columns.IndexOf(old)] = replacement;

    public void SetType(ScopeColumn column, PulseType type) => Replace(column, column with { Type = type });

    public void Record(SyntaxNode step)
    {
        var snapshot = columns.ToArray(); // the columns change with the next step; converted only if the language server asks
        context.Info.RecordScope(new ScopeRecord(tree, step.Span, () => snapshot.Select(c => new VisibleColumn(c.Name, null, c.Type, c.Symbol)).ToImmutableArray()));
    }
}
