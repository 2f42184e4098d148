namespace Pulse.Runtime.Expressions.Cleaning;

/// <summary>
/// The keys a stream has seen (for <c>dedupe</c> and <c>unique</c>), each with the event time that first
/// brought it. A stream is endless, so keys are forgotten once their event time falls behind the
/// retention (see <see cref="Forget"/>): a duplicate that old would be late for every speed view anyway.
/// </summary>
public sealed class KeyMemory
{
    private readonly Dictionary<RowKey, long> seen = new(RowKeyComparer.Instance);

    public int Count => seen.Count;

    /// <summary>True when <paramref name="key"/> is new (and now remembered), false for a repeat.</summary>
    public bool Remember(RowKey key, long eventMicros) => seen.TryAdd(key, eventMicros);

    /// <summary>The same for a key given by its parts (only read: a key is made of a copy when it is new).</summary>
    public bool Remember(ReadOnlySpan<object?> parts, long eventMicros) => seen.GetAlternateLookup<ReadOnlySpan<object?>>().TryAdd(parts, eventMicros);

    /// <summary>Forgets keys first seen before <paramref name="cutoffMicros"/>; returns how many.</summary>
    public int Forget(long cutoffMicros)
    {
        var old = seen.Where(e => e.Value < cutoffMicros).Select(e => e.Key).ToList();
        foreach (var key in old) seen.Remove(key);
        return old.Count;
    }

    public IEnumerable<KeyValuePair<RowKey, long>> Entries => seen;

    public void Restore(IEnumerable<KeyValuePair<RowKey, long>> entries)
    {
        seen.Clear();
        foreach (var (key, time) in entries) seen[key] = time;
    }
}
