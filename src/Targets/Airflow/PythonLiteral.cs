using System.Globalization;
using System.Text;

namespace Pulse.Targets.Airflow;

/// <summary>
/// The one way a value from the spec becomes Python source: double-quoted string literals with every
/// quote, backslash and non-printable character escaped, so no spec text can end the literal, start
/// a new statement or smuggle an invisible character into the DAG.
/// </summary>
public static class PythonLiteral
{
    public static string String(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    var category = Rune.GetUnicodeCategory(rune);
                    var invisible = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
                    if (!invisible) text.Append(rune.ToString());
                    else if (rune.Value <= 0xFF) text.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    else if (rune.Value <= 0xFFFF) text.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    public static string Optional(string? value) => value is null ? "None" : String(value);

    public static string Number(double? value) => value is null ? "None" : value.Value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "True" : "False";

    public static string List(IEnumerable<string> literals) => "[" + string.Join(", ", literals) + "]";

    /// <summary>
    /// An ASCII identifier (task id and Python variable): letters, digits and '_' kept, every other
    /// character as <c>_xHHHH</c>; a leading digit gets '_' in front. Airflow task ids accept the result.
    /// </summary>
    public static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '_')) text.Append((char)rune.Value);
            else text.Append("_x").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0])) text.Insert(0, '_');
        return text.ToString();
    }
}
