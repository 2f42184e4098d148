using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Binding;

/// <summary>One aggregate call found in a group by block, under a generated column name.</summary>
internal sealed record AggregateCall(string Name, AggregateFunction Function, Expr? Argument, PulseType Type, ImmutableArray<ScopeColumn> Used);

/// <summary>
/// Collects the aggregate calls of a <c>group by … { }</c> block. The IR's aggregate node computes
/// plain aggregates only, so <c>round(avg(x), 2)</c> becomes an aggregate column <c>__agg1 = avg(x)</c>
/// and a projection <c>round(__agg1, 2)</c> above it; an assignment that is exactly one aggregate
/// gets its own name and needs no projection.
/// </summary>
internal sealed class AggregateCollector(Func<string, bool> isNameTaken)
{
    private int counter;

    public List<AggregateCall> Calls { get; } = [];

    public ColumnRef Add(AggregateFunction function, Expr? argument, PulseType type, IEnumerable<ScopeColumn> used)
    {
        string name;
        do name = $"__agg{++counter}";
        while (isNameTaken(name));
        Calls.Add(new AggregateCall(name, function, argument, type, used.ToImmutableArray()));
        return new ColumnRef(type, name);
    }

    public static AggregateFunction? FunctionOf(string name) => name switch
    {
        "count" => AggregateFunction.Count,
        "count_distinct" => AggregateFunction.CountDistinct,
        "sum" => AggregateFunction.Sum,
        "avg" => AggregateFunction.Avg,
        "min" => AggregateFunction.Min,
        "max" => AggregateFunction.Max,
        "first" => AggregateFunction.First,
        "last" => AggregateFunction.Last,
        _ => null,
    };
}
