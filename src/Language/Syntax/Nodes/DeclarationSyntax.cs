namespace Pulse.Language.Syntax;

/// <summary><c>declaration = [ DOC ] ( pipeline | connection | ... )</c>; imports are declarations too, for one ordered list.</summary>
public abstract class DeclarationSyntax : SyntaxNode
{
    /// <summary>The word that introduced the declaration (<c>source</c>, <c>sink</c>; for views the kind word <c>batch</c>/<c>speed</c>/<c>serving</c>).</summary>
    public abstract SyntaxToken Keyword { get; }

    /// <summary>The declared name; null for <c>schedule</c> and <c>import</c>.</summary>
    public abstract NameSyntax? Name { get; }

    /// <summary>The <c>///</c> lines right above the declaration, joined; null when there are none.</summary>
    public string? DocComment => DocComments.From(FirstToken);
}
