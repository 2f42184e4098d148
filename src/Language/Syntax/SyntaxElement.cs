using System.Text;
using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

/// <summary>
/// What a node's <see cref="SyntaxNode.Children"/> holds: either a <see cref="SyntaxNode"/> or a
/// <see cref="SyntaxToken"/>. Both know their spans, their parent and how to print themselves back.
/// </summary>
public abstract class SyntaxElement
{
    /// <summary>The node that contains this element; null only for the root. Set once after parsing.</summary>
    public SyntaxNode? Parent { get; internal set; }

    /// <summary>The element's text without the leading trivia of its first token and the trailing trivia of its last.</summary>
    public abstract TextSpan Span { get; }

    /// <summary>The element's text including all trivia.</summary>
    public abstract TextSpan FullSpan { get; }

    /// <summary>Appends the exact source text of this element, trivia included.</summary>
    public abstract void WriteTo(StringBuilder builder);

    /// <summary>The exact source text of this element, trivia included.</summary>
    public string ToFullString()
    {
        var builder = new StringBuilder(FullSpan.Length);
        WriteTo(builder);
        return builder.ToString();
    }

    /// <summary>All ancestors, nearest first.</summary>
    public IEnumerable<SyntaxNode> Ancestors()
    {
        for (var node = Parent; node is not null; node = node.Parent) yield return node;
    }
}
