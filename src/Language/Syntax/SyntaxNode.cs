using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

/// <summary>
/// Base of every node. A node's children (tokens and nodes, in source order) cover its text
/// exactly, so printing the root gives back the file byte for byte, whatever the input was.
/// Required parts are never null (the parser inserts missing tokens or
/// <see cref="MissingExpressionSyntax"/>); optional parts are null when absent.
/// </summary>
public abstract partial class SyntaxNode : SyntaxElement
{
    private ImmutableArray<SyntaxElement> children;
    private SyntaxToken? firstToken;
    private SyntaxToken? lastToken;
    private TextSpan? span;

    /// <summary>Tokens and nodes directly under this node, in source order (lists are flattened).</summary>
    public ImmutableArray<SyntaxElement> Children
    {
        get
        {
            if (children.IsDefault) children = ComputeChildren();
            return children;
        }
    }

    /// <summary>Flattens <see cref="GetSlots"/>; a node whose children are already one array may return it directly.</summary>
    private protected virtual ImmutableArray<SyntaxElement> ComputeChildren()
    {
        // Every node of every parse comes through here (the parser sets parents from the children), so
        // the slots (GetSlots' collection expressions are lists) are read by index, counted, and copied
        // into an array of the exact size: no enumerators, no builder growth, no final copy.
        var slots = GetSlots() as IReadOnlyList<object?> ?? [.. GetSlots()];
        var count = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            switch (slots[i])
            {
                case null: break;
                case SyntaxElement: count++; break;
                case ISyntaxList list: count += list.Elements.Length; break;
                case var other: throw new InvalidOperationException($"{GetType().Name} has a slot of type {other.GetType().Name}.");
            }
        }
        var result = new SyntaxElement[count];
        var at = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            if (slot is SyntaxElement element) result[at++] = element;
            else if (slot is ISyntaxList list)
            {
                list.Elements.CopyTo(result, at);
                at += list.Elements.Length;
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    /// <summary>The node's parts in source order: tokens, nodes, <see cref="SyntaxList{T}"/>s or null for absent optional parts.</summary>
    protected abstract IEnumerable<object?> GetSlots();

    /// <summary>The first token under this node (possibly missing). Every node has at least one token.</summary>
    public SyntaxToken FirstToken => firstToken ??= FindEdgeToken(first: true);

    public SyntaxToken LastToken => lastToken ??= FindEdgeToken(first: false);

    private SyntaxToken FindEdgeToken(bool first)
    {
        SyntaxElement current = this;
        while (current is SyntaxNode node)
        {
            var kids = node.Children;
            if (kids.IsEmpty) throw new InvalidOperationException($"{node.GetType().Name} has no tokens.");
            current = first ? kids[0] : kids[^1];
        }
        return (SyntaxToken)current;
    }

    public override TextSpan FullSpan
    {
        get
        {
            var start = FirstToken.FullSpan.Start;
            return new TextSpan(start, LastToken.FullSpan.End - start);
        }
    }

    /// <summary>From the first present token's text to the last present token's text (missing tokens do not widen it).</summary>
    public override TextSpan Span
    {
        get
        {
            if (span is { } known) return known;
            // Usually both edge tokens are present: no walk needed (the binder asks every node's span).
            var first = FirstToken.IsMissing ? DescendantTokens().FirstOrDefault(t => !t.IsMissing) : FirstToken;
            var last = LastToken.IsMissing ? DescendantTokensReversed().FirstOrDefault(t => !t.IsMissing) : LastToken;
            var result = first is null || last is null
                ? new TextSpan(FirstToken.Position, 0)
                : new TextSpan(first.Position, last.Span.End - first.Position);
            span = result;
            return result;
        }
    }

    public override void WriteTo(StringBuilder builder)
    {
        foreach (var token in DescendantTokens()) token.WriteTo(builder);
    }

    /// <summary>The node's text without its outer trivia.</summary>
    public override string ToString()
    {
        var full = ToFullString();
        var fullSpan = FullSpan;
        var span = Span;
        return full.Substring(span.Start - fullSpan.Start, span.Length);
    }

    /// <summary>Every token under this node, in source order (iterative: deep trees cannot overflow the stack).</summary>
    public IEnumerable<SyntaxToken> DescendantTokens()
    {
        var stack = new Stack<(SyntaxNode Node, int Index)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, index) = stack.Pop();
            var kids = node.Children;
            if (index >= kids.Length) continue;
            stack.Push((node, index + 1));
            if (kids[index] is SyntaxToken token) yield return token;
            else stack.Push(((SyntaxNode)kids[index], 0));
        }
    }

    /// <summary>Every token under this node, last first.</summary>
    public IEnumerable<SyntaxToken> DescendantTokensReversed()
    {
        var stack = new Stack<(SyntaxNode Node, int Index)>();
        stack.Push((this, Children.Length - 1));
        while (stack.Count > 0)
        {
            var (node, index) = stack.Pop();
            if (index < 0) continue;
            stack.Push((node, index - 1));
            var kid = node.Children[index];
            if (kid is SyntaxToken token) yield return token;
            else
            {
                var child = (SyntaxNode)kid;
                stack.Push((child, child.Children.Length - 1));
            }
        }
    }

    /// <summary>Every node under this node (not including it), in source order.</summary>
    public IEnumerable<SyntaxNode> DescendantNodes()
    {
        var stack = new Stack<(SyntaxNode Node, int Index)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, index) = stack.Pop();
            var kids = node.Children;
            if (index >= kids.Length) continue;
            stack.Push((node, index + 1));
            if (kids[index] is SyntaxNode child)
            {
                yield return child;
                stack.Push((child, 0));
            }
        }
    }

    /// <summary>
    /// The token whose full span (trivia included) contains <paramref name="position"/>; at the very
    /// end of the text, the last token (end of file). Positions inside trivia give the token owning it.
    /// </summary>
    public SyntaxToken FindToken(int position)
    {
        SyntaxNode node = this;
        while (true)
        {
            var kids = node.Children;
            SyntaxElement next = kids[^1];
            foreach (var child in kids)
            {
                if (child.FullSpan.End > position) { next = child; break; }
            }
            if (next is SyntaxToken token) return token;
            node = (SyntaxNode)next;
        }
    }

    /// <summary>
    /// The deepest node whose span contains <paramref name="position"/>. A position just after a child
    /// node's last character (a cursor at the end of a name, <c>c|.x</c> or <c>name|:</c>) gives that child;
    /// a position inside one of a node's own tokens (<c>-|&gt;</c>) gives that node.
    /// Returns this node when no child contains it.
    /// </summary>
    public SyntaxNode FindNode(int position)
    {
        var node = this;
        while (true)
        {
            SyntaxNode? containing = null, touching = null;
            var onOwnToken = false;
            foreach (var child in node.Children)
            {
                var span = child.Span;
                if (span.Start <= position && position < span.End)
                {
                    if (child is SyntaxNode childNode) containing = childNode;
                    else onOwnToken = !(span.Start == position && touching is not null); // `c|.x`: the name on the left wins
                    break;
                }
                if (child is SyntaxNode touched && span.Length > 0 && span.End == position) touching = touched;
            }
            var next = containing ?? (onOwnToken ? null : touching);
            if (next is null) return node;
            node = next;
        }
    }

    public abstract void Accept(SyntaxVisitor visitor);

    public abstract TResult Accept<TResult>(SyntaxVisitor<TResult> visitor);
}
