using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Expressions.Cleaning;
using Pulse.Runtime.Streaming.Windows;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Group and dedupe keys looked up from a reused buffer of parts (no key allocated per event) group exactly as
/// keys made per event did: nulls with nulls, decimals by value, strings ordinal, different CLR types apart.
/// </summary>
public class RowKeyLookupTests
{
    private static readonly Origin Here = new("test.pulse", 1, 1, 0, 0);

    private static readonly object?[][] Keys =
    [
        ["a", 1, null],
        ["a", 1, null],
        [new string('a', 1), 1, null],   // equal text, another instance
        ["A", 1, null],                 // ordinal: not equal to "a"
        ["a", 1L, null],                // a long 1 is not an int 1 (as before)
        ["a", 1, 2.50m],
        ["a", 1, 2.5m],                 // decimals by value
        ["a", 1, 2.500m],
        [null, null, null],
        [null, null, null],
        ["a", null, 1.0],
        ["a", null, 1.0],
    ];

    [Fact]
    public void Span_lookup_finds_the_key_a_row_key_of_the_same_parts_finds()
    {
        var byKey = new Dictionary<RowKey, int>();
        var bySpan = new Dictionary<RowKey, int>(RowKeyComparer.Instance);
        var lookup = bySpan.GetAlternateLookup<ReadOnlySpan<object?>>();
        var buffer = new object?[3];
        var groupsByKey = new List<int>();
        var groupsBySpan = new List<int>();
        foreach (var parts in Keys)
        {
            if (!byKey.TryGetValue(new RowKey(parts), out var group)) byKey[new RowKey(parts)] = group = byKey.Count;
            groupsByKey.Add(group);

            parts.CopyTo(buffer, 0);
            if (!lookup.TryGetValue(buffer, out var spanGroup)) lookup[buffer] = spanGroup = bySpan.Count;
            groupsBySpan.Add(spanGroup);
            Array.Fill(buffer, "overwritten"); // the stored key must be a copy, not the buffer
        }
        Assert.Equal([0, 0, 0, 1, 2, 3, 3, 3, 4, 4, 5, 5], groupsByKey);
        Assert.Equal(groupsByKey, groupsBySpan);
        Assert.All(bySpan.Keys, key => Assert.DoesNotContain("overwritten", key.Parts));
        Assert.All(Keys, parts => Assert.Equal(new RowKey(parts).GetHashCode(), RowKeyComparer.Instance.GetHashCode(parts.AsSpan())));
    }

    [Fact]
    public void Windows_fed_from_a_reused_key_buffer_equal_windows_fed_fresh_keys()
    {
        foreach (var window in new[]
        {
            new WindowSpec(WindowKind.Tumbling, "ts", TimeSpan.FromMinutes(1), null, null, Here),
            new WindowSpec(WindowKind.Hopping, "ts", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), null, Here),
            new WindowSpec(WindowKind.Session, "ts", TimeSpan.Zero, null, TimeSpan.FromSeconds(50), Here),
        })
        {
            var fresh = Aggregation(window);
            var reused = Aggregation(window);
            var buffer = new object?[3];
            var arguments = new object?[2];
            for (var i = 0; i < Keys.Length * 4; i++)
            {
                var parts = Keys[i % Keys.Length];
                var time = i * 20_000_000L; // 20 s apart
                arguments[1] = (long)i;
                fresh.Add(new RowKey([.. parts]), arguments, time, i);
                parts.CopyTo(buffer, 0);
                reused.Add(buffer.AsSpan(), arguments, time, i);
                Array.Fill(buffer, "overwritten");
            }
            var expected = new List<object?[]>();
            var actual = new List<object?[]>();
            fresh.EmitAll(expected);
            reused.EmitAll(actual);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(Text), actual.Select(Text));
        }
    }

    [Fact]
    public void Dedupe_memory_remembers_span_keys_as_it_remembers_row_keys()
    {
        var byKey = new KeyMemory();
        var bySpan = new KeyMemory();
        var buffer = new object?[3];
        foreach (var parts in Keys)
        {
            parts.CopyTo(buffer, 0);
            Assert.Equal(byKey.Remember(new RowKey(parts), 1), bySpan.Remember(buffer, 1));
            Array.Fill(buffer, "overwritten");
        }
        Assert.Equal(byKey.Count, bySpan.Count);
        Assert.Equal(6, bySpan.Count);
        Assert.All(bySpan.Entries, entry => Assert.DoesNotContain("overwritten", entry.Key.Parts));
    }

    private static WindowedAggregation Aggregation(WindowSpec window) =>
        new(window, TimeSpan.Zero,
        [
            Accumulator.Factory(new AggregateExpr("n", AggregateFunction.Count, null, PulseType.Long), null),
            Accumulator.Factory(new AggregateExpr("total", AggregateFunction.Sum, new LiteralExpr(PulseType.Long, "0"), PulseType.Long), PulseType.Long),
        ]);

    private static string Text(object?[] row) => string.Join("|", row.Select(ValueText.Json));
}
