using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// Where each named column sits in a row array, and its type. Compiled expressions resolve every
/// column to its ordinal once, at compile time, so evaluating a row is array indexing only.
/// </summary>
public sealed class RowLayout
{
    private readonly Dictionary<string, (int Ordinal, PulseType Type)> columns;

    public RowLayout(IEnumerable<(string Name, int Ordinal, PulseType Type)> slots)
    {
        columns = new Dictionary<string, (int, PulseType)>(StringComparer.Ordinal);
        foreach (var (name, ordinal, type) in slots) columns[name] = (ordinal, type);
        Width = columns.Count == 0 ? 0 : columns.Values.Max(c => c.Ordinal) + 1;
    }

    /// <summary>Columns in schema order, ordinals 0..n-1.</summary>
    public static RowLayout Of(RelSchema schema) => new(schema.Columns.Select((c, i) => (c.Name, i, c.Type)));

    /// <summary>The length a row array must have.</summary>
    public int Width { get; }

    public IEnumerable<string> Names => columns.Keys;

    public bool TryFind(string name, out int ordinal, out PulseType type)
    {
        if (columns.TryGetValue(name, out var column))
        {
            ordinal = column.Ordinal;
            type = column.Type;
            return true;
        }
        ordinal = -1;
        type = PulseType.Error;
        return false;
    }

    public int Ordinal(string name) => TryFind(name, out var ordinal, out _) ? ordinal
        : throw new KeyNotFoundException($"no column '{name}' (columns: {string.Join(", ", columns.Keys)})");

    public PulseType TypeOf(string name) => TryFind(name, out _, out var type) ? type
        : throw new KeyNotFoundException($"no column '{name}' (columns: {string.Join(", ", columns.Keys)})");
}
