using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.State;

namespace Pulse.Runtime.Streaming.Windows;

/// <summary>
/// The running value of one aggregate in one window and group. Accumulators of the same aggregate
/// merge (session windows join when an event bridges them) and snapshot. Semantics are the batch
/// SQL's (Sql/AggregateSql.cs): nulls are skipped; sum/avg/min/max of no values are null, counts 0;
/// first/last order by event time, ties by arrival (partition, then offset).
/// </summary>
public abstract class Accumulator
{
    public abstract void Add(object? value, long time, long sequence);
    public abstract void Merge(Accumulator other);
    public abstract object? Result();
    public abstract void Write(StateWriter writer);
    public abstract void Read(StateReader reader);

    /// <summary>A fresh accumulator for <paramref name="aggregate"/> whose argument has type <paramref name="argument"/>.</summary>
    public static Func<Accumulator> Factory(AggregateExpr aggregate, PulseType? argument) => aggregate.Function switch
    {
        AggregateFunction.Count when aggregate.Argument is null => () => new CountAll(),
        AggregateFunction.Count => () => new CountValues(),
        AggregateFunction.CountDistinct => () => new CountDistinct(),
        AggregateFunction.Sum => () => new Sum(argument!, aggregate.Type),
        AggregateFunction.Avg => () => new Average(argument!, aggregate.Type),
        AggregateFunction.Min => () => new Extreme(minimum: true),
        AggregateFunction.Max => () => new Extreme(minimum: false),
        AggregateFunction.First => () => new Positional(first: true),
        AggregateFunction.Last => () => new Positional(first: false),
        _ => throw new NotSupportedException($"aggregate {aggregate.Function}"),
    };
}

internal sealed class CountAll : Accumulator
{
    private long count;
    public override void Add(object? value, long time, long sequence) => count++;
    public override void Merge(Accumulator other) => count += ((CountAll)other).count;
    public override object? Result() => count;
    public override void Write(StateWriter writer) => writer.Write(count);
    public override void Read(StateReader reader) => count = reader.ReadLong();
}

internal sealed class CountValues : Accumulator
{
    private long count;
    public override void Add(object? value, long time, long sequence) { if (value is not null) count++; }
    public override void Merge(Accumulator other) => count += ((CountValues)other).count;
    public override object? Result() => count;
    public override void Write(StateWriter writer) => writer.Write(count);
    public override void Read(StateReader reader) => count = reader.ReadLong();
}

internal sealed class CountDistinct : Accumulator
{
    private readonly HashSet<object> values = [];
    public override void Add(object? value, long time, long sequence) { if (value is not null) values.Add(value); }
    public override void Merge(Accumulator other) => values.UnionWith(((CountDistinct)other).values);
    public override object? Result() => (long)values.Count;

    public override void Write(StateWriter writer)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.WriteValue(value);
    }

    public override void Read(StateReader reader)
    {
        values.Clear();
        var count = reader.ReadInt();
        for (var i = 0; i < count; i++) values.Add(reader.ReadValue()!);
    }
}

/// <summary>sum: integers add up exactly (an overflow of long fails the row), decimals exactly, doubles as doubles.</summary>
internal sealed class Sum(PulseType argument, PulseType result) : Accumulator
{
    private bool any;
    private long integer;
    private decimal exact;
    private double approximate;

    public override void Add(object? value, long time, long sequence)
    {
        switch (value)
        {
            case null: return;
            case int i: integer = checked(integer + i); break;
            case long l: integer = checked(integer + l); break;
            case decimal m: exact += m; break;
            case double d: approximate += d; break;
            default: throw new InvalidCastException($"sum of {value.GetType().Name}");
        }
        any = true;
    }

    public override void Merge(Accumulator other)
    {
        var o = (Sum)other;
        if (!o.any) return;
        integer = checked(integer + o.integer);
        exact += o.exact;
        approximate += o.approximate;
        any = true;
    }

    public override object? Result()
    {
        if (!any) return null;
        object total = argument.Kind switch
        {
            TypeKind.Int or TypeKind.Long => integer,
            TypeKind.Decimal => exact,
            _ => approximate,
        };
        return ResultValues.Conform(total, result);
    }

    public override void Write(StateWriter writer)
    {
        writer.Write(any);
        writer.Write(integer);
        writer.WriteValue(exact);
        writer.WriteValue(approximate);
    }

    public override void Read(StateReader reader)
    {
        any = reader.ReadBool();
        integer = reader.ReadLong();
        exact = (decimal)reader.ReadValue()!;
        approximate = (double)reader.ReadValue()!;
    }
}

/// <summary>
/// avg: the exact sum over the count, taken as a double (DuckDB averages integers and decimals into a
/// DOUBLE, which the batch SQL then casts to the result type, e.g. decimal(p+4, s+4)).
/// </summary>
internal sealed class Average(PulseType argument, PulseType result) : Accumulator
{
    private readonly Sum sum = new(argument, argument.Kind is TypeKind.Int or TypeKind.Long ? PulseType.Long : argument.Kind == TypeKind.Decimal ? PulseType.Decimal(38, argument.Scale) : PulseType.Double);
    private long count;

    public override void Add(object? value, long time, long sequence)
    {
        if (value is null) return;
        sum.Add(value, time, sequence);
        count++;
    }

    public override void Merge(Accumulator other)
    {
        var o = (Average)other;
        sum.Merge(o.sum);
        count += o.count;
    }

    public override object? Result()
    {
        if (count == 0) return null;
        var total = sum.Result();
        var mean = total switch
        {
            long l => (double)l / count,
            decimal m => (double)m / count,
            double d => d / count,
            _ => throw new InvalidOperationException("avg without a sum"),
        };
        return ResultValues.Conform(mean, result);
    }

    public override void Write(StateWriter writer)
    {
        sum.Write(writer);
        writer.Write(count);
    }

    public override void Read(StateReader reader)
    {
        sum.Read(reader);
        count = reader.ReadLong();
    }
}

internal sealed class Extreme(bool minimum) : Accumulator
{
    private object? best;

    public override void Add(object? value, long time, long sequence)
    {
        if (value is null) return;
        if (best is null) { best = value; return; }
        var order = ValueOrder.Compare(value, best);
        if (minimum ? order < 0 : order > 0) best = value;
    }

    public override void Merge(Accumulator other) => Add(((Extreme)other).best, 0, 0);
    public override object? Result() => best;
    public override void Write(StateWriter writer) => writer.WriteValue(best);
    public override void Read(StateReader reader) => best = reader.ReadValue();
}

/// <summary>first/last by (event time, arrival); null values count (DuckDB's first/last keep nulls).</summary>
internal sealed class Positional(bool first) : Accumulator
{
    private bool any;
    private object? value;
    private long time;
    private long sequence;

    public override void Add(object? candidate, long candidateTime, long candidateSequence)
    {
        var better = !any || (first
            ? candidateTime < time || candidateTime == time && candidateSequence < sequence
            : candidateTime > time || candidateTime == time && candidateSequence > sequence);
        if (!better) return;
        any = true;
        value = candidate;
        time = candidateTime;
        sequence = candidateSequence;
    }

    public override void Merge(Accumulator other)
    {
        var o = (Positional)other;
        if (o.any) Add(o.value, o.time, o.sequence);
    }

    public override object? Result() => value;

    public override void Write(StateWriter writer)
    {
        writer.Write(any);
        writer.WriteValue(value);
        writer.Write(time);
        writer.Write(sequence);
    }

    public override void Read(StateReader reader)
    {
        any = reader.ReadBool();
        value = reader.ReadValue();
        time = reader.ReadLong();
        sequence = reader.ReadLong();
    }
}

/// <summary>An aggregate's value in the IR's result type (as the batch SQL's final CAST).</summary>
public static class ResultValues
{
    public static object? Conform(object? value, PulseType type) => (value, type.Kind) switch
    {
        (null, _) => null,
        (decimal m, TypeKind.Decimal) => DecimalMath.Fit(m, type.Precision, type.Scale),
        (double d, TypeKind.Decimal) => DecimalMath.FromDouble(d, type.Precision, type.Scale),
        (long l, TypeKind.Decimal) => DecimalMath.Fit(l, type.Precision, type.Scale),
        (long l, TypeKind.Int) => checked((int)l),
        (long l, TypeKind.Double) => (double)l,
        (decimal m, TypeKind.Double) => (double)m,
        (int i, TypeKind.Long) => (long)i,
        _ => value,
    };
}

/// <summary>Orders row values of one type: strings by code point, everything else by its own order; null first.</summary>
public static class ValueOrder
{
    public static int Compare(object? a, object? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        return (a, b) switch
        {
            (string x, string y) => TextOrder.Compare(x, y),
            (int x, long y) => ((long)x).CompareTo(y),
            (long x, int y) => x.CompareTo(y),
            _ => ((IComparable)a).CompareTo(b),
        };
    }
}
