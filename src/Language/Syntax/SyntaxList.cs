using System.Collections;
using System.Collections.Immutable;

namespace Pulse.Language.Syntax;

/// <summary>A list the parent node flattens into its children.</summary>
public interface ISyntaxList
{
    ImmutableArray<SyntaxElement> Elements { get; }
}

/// <summary>
/// A list of child nodes as written: the items, the separators between them (commas, and for
/// block members the optional commas/semicolons) and any <see cref="SkippedSyntax"/> the parser
/// recovered over, all in source order in <see cref="Elements"/>. Enumerating the list gives the items only.
/// </summary>
public sealed class SyntaxList<T> : IReadOnlyList<T>, ISyntaxList where T : SyntaxNode
{
    public static readonly SyntaxList<T> Empty = new([]);

    private readonly ImmutableArray<T> items;

    public SyntaxList(ImmutableArray<SyntaxElement> elements)
    {
        Elements = elements.IsDefault ? [] : elements;
        var count = 0;
        foreach (var element in Elements)
        {
            if (element is T && element is not SkippedSyntax) count++;
        }
        var builder = ImmutableArray.CreateBuilder<T>(count);
        foreach (var element in Elements)
        {
            if (element is T item && element is not SkippedSyntax) builder.Add(item);
        }
        items = builder.MoveToImmutable();
    }

    /// <summary>Items, separators and skipped parts, in source order.</summary>
    public ImmutableArray<SyntaxElement> Elements { get; }

    public ImmutableArray<T> Items => items;

    public IEnumerable<SyntaxToken> Separators => Elements.OfType<SyntaxToken>();

    public IEnumerable<SkippedSyntax> Skipped => Elements.OfType<SkippedSyntax>();

    public int Count => items.Length;

    public T this[int index] => items[index];

    /// <summary>A struct enumerator: <c>foreach</c> over a list allocates nothing (the binder walks lists constantly).</summary>
    public ImmutableArray<T>.Enumerator GetEnumerator() => items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();
}
