using System.Text;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Reads the header record of a CSV file (RFC 4180: a quote inside a quoted field is doubled) so the
/// runtime can map <c>from "Column"</c> names to positions before DuckDB reads the data with a fixed
/// column list (no sniffing: sniffing guesses, and a guess can differ between runs).
/// </summary>
public static class CsvHeader
{
    public static IReadOnlyList<string> Read(string path, char delimiter, char? quote)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)next;
            if (quoted)
            {
                if (ch == quote)
                {
                    if (reader.Peek() == quote) { field.Append(ch); reader.Read(); }
                    else quoted = false;
                }
                else field.Append(ch);
                continue;
            }
            if (ch == quote) quoted = true;
            else if (ch == delimiter) { fields.Add(field.ToString()); field.Clear(); }
            else if (ch is '\n' or '\r') break;
            else field.Append(ch);
        }
        if (any) fields.Add(field.ToString());
        return fields;
    }
}
