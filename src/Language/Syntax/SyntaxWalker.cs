namespace Pulse.Language.Syntax;

/// <summary>
/// Visits every node (and, when <see cref="VisitIntoTokens"/> is set, every token) in source order.
/// Override a <c>Visit…</c> method and call <c>base.Visit…(node)</c> (or <see cref="DefaultVisit"/>) to keep walking below it.
/// Recursion depth equals tree depth, which the parser bounds (PULSE0103), so walking never overflows the stack.
/// </summary>
public abstract class SyntaxWalker(bool visitIntoTokens = false) : SyntaxVisitor
{
    protected bool VisitIntoTokens { get; } = visitIntoTokens;

    public override void DefaultVisit(SyntaxNode node)
    {
        foreach (var child in node.Children)
        {
            if (child is SyntaxNode childNode) childNode.Accept(this);
            else if (VisitIntoTokens) VisitToken((SyntaxToken)child);
        }
    }
}
