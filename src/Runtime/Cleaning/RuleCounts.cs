using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Every rule's counts from one aggregate over the verdict table of a <see cref="CleaningChain"/>:
/// rows removed by each rule (and the first of them by position), rows flagged by each kept rule, the
/// newest value a freshness rule judged, the rows kept and the kept rows that violated any kept rule.
/// A rule's checked count is the rows read minus those an earlier rule removed.
/// </summary>
internal sealed class RuleCounts
{
    private readonly Dictionary<int, long> violations = [];
    private readonly Dictionary<int, long?> firstViolation = [];
    private readonly Dictionary<int, (object? Newest, bool Fresh)> freshness = [];
    private readonly List<ChainRule> rules;

    private RuleCounts(List<ChainRule> rules) => this.rules = rules;

    public long Read { get; private set; }
    public long Kept { get; private set; }
    /// <summary>Kept rows that violated at least one warn/fail rule, once each.</summary>
    public long Failed { get; private set; }

    public static RuleCounts Of(CleaningSql sql, string verdicts, List<ChainRule> rules, string now)
    {
        var counts = new RuleCounts(rules);
        var rule = SqlText.Identifier(CleaningChain.RuleColumn);
        var pos = SqlText.Identifier(RawInput.Position);
        var aggregates = new List<string>
        {
            "count(*)",
            $"count(*) FILTER (WHERE {rule} IS NULL)",
        };
        var flags = rules.Where(r => r.FlagColumn is not null).Select(r => SqlText.Identifier(r.FlagColumn!)).ToList();
        aggregates.Add(flags.Count == 0 ? "0" : $"count(*) FILTER (WHERE {rule} IS NULL AND ({string.Join(" OR ", flags)}))");
        var readers = new List<Action<Func<int, object?>>>();
        foreach (var r in rules)
        {
            var violating = r.Removal != Removal.None ? $"{rule} = {r.Index}" : r.FlagColumn is { } flag ? SqlText.Identifier(flag) : null;
            var at = aggregates.Count;
            if (violating is not null)
            {
                aggregates.Add($"count(*) FILTER (WHERE {violating})");
                aggregates.Add($"min({pos}) FILTER (WHERE {violating})");
            }
            else if (r.SnapshotColumn is { } snapshot && r.Expectation?.Rule is FreshnessRule fresh)
            {
                aggregates.Add($"max({SqlText.Identifier(snapshot)})");
                aggregates.Add($"CASE WHEN max({SqlText.Identifier(snapshot)}) >= {now} - {SqlLiterals.Duration(fresh.MaxAge)} THEN 1 ELSE 0 END");
            }
            else continue;
            readers.Add(value => Take(r, value(at), value(at + 1)));
        }

        using var command = sql.Command($"SELECT {SqlText.Join(aggregates)} FROM {verdicts}");
        using var reader = command.ExecuteReader();
        reader.Read();
        object? Value(int i) => reader.IsDBNull(i) ? null : reader.GetValue(i);
        counts.Read = Long(Value(0));
        counts.Kept = Long(Value(1));
        counts.Failed = Long(Value(2));
        foreach (var take in readers) take(Value);
        return counts;

        void Take(ChainRule r, object? first, object? second)
        {
            if (r.SnapshotColumn is not null) counts.freshness[r.Index] = (first, Long(second) == 1);
            else
            {
                counts.violations[r.Index] = Long(first);
                counts.firstViolation[r.Index] = second is null ? null : Long(second);
            }
        }
    }

    /// <summary>Rows that reached the rule: read minus those removed by earlier rules.</summary>
    public long Checked(ChainRule rule) =>
        Read - rules.Where(r => r.Index < rule.Index && r.Removal != Removal.None).Sum(r => violations[r.Index]);

    public long Violations(ChainRule rule) => violations.GetValueOrDefault(rule.Index);

    /// <summary>The position of the first violating row (by input position), or null.</summary>
    public long? FirstViolation(ChainRule rule) => firstViolation.GetValueOrDefault(rule.Index);

    public (object? Newest, bool Fresh) Freshness(ChainRule rule) => freshness[rule.Index];

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
