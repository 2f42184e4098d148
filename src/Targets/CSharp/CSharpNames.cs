using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Pulse.Targets.CSharp;

/// <summary>
/// The one place where a spec name becomes a C# identifier. Letters, digits and '_' are kept
/// (a leading digit gets a '_' in front); every other character becomes <c>_xHHHH_</c> (its code
/// point), so the mapping never depends on the machine and two names only meet when one literally
/// spells the other's escape (the C# compiler then reports the duplicate: nothing is silently
/// merged); reserved keywords get the verbatim prefix '@'.
/// </summary>
public static class CSharpNames
{
    public static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length + 2);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var isLetter = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.LetterNumber;
            var isDigit = category == UnicodeCategory.DecimalDigitNumber;
            if (isLetter || isDigit || rune.Value == '_')
            {
                if (text.Length == 0 && isDigit) text.Append('_');
                text.Append(rune.ToString());
            }
            else
            {
                text.Append("_x").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture)).Append('_');
            }
        }
        if (text.Length == 0) return "_";
        var identifier = text.ToString();
        return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
    }

    /// <summary>A PascalCase identifier for type and namespace names: words split on '_' are capitalised.</summary>
    public static string TypeName(string name)
    {
        var words = Identifier(name).TrimStart('@').Split('_', StringSplitOptions.RemoveEmptyEntries);
        var pascal = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        if (pascal.Length == 0 || char.IsDigit(pascal[0])) pascal = "_" + pascal;
        return SyntaxFacts.GetKeywordKind(pascal) != SyntaxKind.None ? "@" + pascal : pascal;
    }
}
