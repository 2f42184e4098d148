using System.Collections.Immutable;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Functions;

/// <summary>
/// The functions of docs/language.md, one table that drives type checking, hover text, completion
/// and signature help. Names are canonical lower case and looked up exactly (the language is case
/// sensitive; a wrong case gets a did-you-mean).
/// </summary>
public static class FunctionCatalog
{
    private static FunctionParameter P(string name, ParameterKind kind, bool optional = false, ConstantCheck constant = ConstantCheck.None) =>
        new(name, kind, optional, constant);

    private static PulseType First(IReadOnlyList<PulseType> args) => args.Count > 0 ? args[0].AsNonNullable() : PulseType.Error;

    private static FunctionDefinition Scalar(string name, string signature, string doc, ImmutableArray<FunctionParameter> parameters,
        Func<IReadOnlyList<PulseType>, PulseType> result, NullRule nulls = NullRule.Propagate, bool variadic = false) =>
        new(name, FunctionKind.Scalar, signature, doc, parameters, variadic, result, nulls);

    private static FunctionDefinition Aggregate(string name, string signature, string doc, ImmutableArray<FunctionParameter> parameters,
        Func<IReadOnlyList<PulseType>, PulseType> result, NullRule nulls = NullRule.Propagate) =>
        new(name, FunctionKind.Aggregate, signature, doc, parameters, false, result, nulls);

    /// <summary>Every function, in the order of docs/language.md.</summary>
    public static readonly ImmutableArray<FunctionDefinition> All =
    [
        Scalar("trim", "trim(text: string) -> string", "Removes leading and trailing white space.", [P("text", ParameterKind.String)], _ => PulseType.String),
        Scalar("lower", "lower(text: string) -> string", "Converts to lower case (invariant culture).", [P("text", ParameterKind.String)], _ => PulseType.String),
        Scalar("upper", "upper(text: string) -> string", "Converts to upper case (invariant culture).", [P("text", ParameterKind.String)], _ => PulseType.String),
        Scalar("substring", "substring(text: string, start: int[, length: int]) -> string", "The part of the text from a 1-based start, optionally of a given length.",
            [P("text", ParameterKind.String), P("start", ParameterKind.Integer), P("length", ParameterKind.Integer, optional: true)], _ => PulseType.String),
        Scalar("replace", "replace(text: string, find: string, with: string) -> string", "Replaces every occurrence of a literal string.",
            [P("text", ParameterKind.String), P("find", ParameterKind.String), P("with", ParameterKind.String)], _ => PulseType.String),
        Scalar("regex_match", "regex_match(text: string, pattern: string) -> bool", "True when the text matches the regular expression (a constant, checked when the spec is compiled).",
            [P("text", ParameterKind.String), P("pattern", ParameterKind.String, constant: ConstantCheck.Regex)], _ => PulseType.Bool),
        Scalar("concat", "concat(part: string, …) -> string", "Joins strings; null parts count as empty, so the result is never null.",
            [P("part", ParameterKind.String)], _ => PulseType.String, NullRule.NeverNull, variadic: true),
        Scalar("length", "length(text: string) -> int", "The number of characters.", [P("text", ParameterKind.String)], _ => PulseType.Int),
        Scalar("round", "round(value: number[, digits: int]) -> number", "Rounds half away from zero, to 0 or the given number of decimals.",
            [P("value", ParameterKind.Number), P("digits", ParameterKind.Integer, optional: true)], First),
        Scalar("abs", "abs(value: number) -> number", "The absolute value.", [P("value", ParameterKind.Number)], First),
        Scalar("floor", "floor(value: number) -> number", "The largest whole number not greater than the value.", [P("value", ParameterKind.Number)], WholeNumber),
        Scalar("ceil", "ceil(value: number) -> number", "The smallest whole number not less than the value.", [P("value", ParameterKind.Number)], WholeNumber),
        Scalar("year", "year(value: date|timestamp) -> int", "The calendar year (UTC for timestamps).", [P("value", ParameterKind.Temporal)], _ => PulseType.Int),
        Scalar("month", "month(value: date|timestamp) -> int", "The month, 1 to 12 (UTC for timestamps).", [P("value", ParameterKind.Temporal)], _ => PulseType.Int),
        Scalar("day", "day(value: date|timestamp) -> int", "The day of the month, 1 to 31 (UTC for timestamps).", [P("value", ParameterKind.Temporal)], _ => PulseType.Int),
        Scalar("date_trunc", "date_trunc(unit: string, value: timestamp) -> timestamp", "Truncates a timestamp to the start of its \"hour\", \"day\", \"week\" (Monday), \"month\" or \"year\" (UTC).",
            [P("unit", ParameterKind.String, constant: ConstantCheck.DateTruncUnit), P("value", ParameterKind.Timestamp)], _ => PulseType.Timestamp),
        Scalar("now", "now() -> timestamp", "The run's start time: one value for the whole run.", [], _ => PulseType.Timestamp, NullRule.NeverNull),
        Scalar("date", "date(text: string) -> date", "A date constant from ISO-8601 text (yyyy-MM-dd), checked when the spec is compiled.",
            [P("text", ParameterKind.String, constant: ConstantCheck.IsoDate)], _ => PulseType.Date, NullRule.NeverNull),
        Scalar("timestamp", "timestamp(text: string) -> timestamp", "A timestamp constant from ISO-8601 text (UTC unless an offset is given), checked when the spec is compiled.",
            [P("text", ParameterKind.String, constant: ConstantCheck.IsoTimestamp)], _ => PulseType.Timestamp, NullRule.NeverNull),
        Scalar("parse_date", "parse_date(text: string, format: string) -> date?", "Parses text with a date pattern such as \"dd/MM/yyyy\"; null when it does not parse.",
            [P("text", ParameterKind.String), P("format", ParameterKind.String, constant: ConstantCheck.DateTimePattern)], _ => PulseType.Date, NullRule.AlwaysNullable),
        Scalar("parse_timestamp", "parse_timestamp(text: string, format: string) -> timestamp?", "Parses text with a date/time pattern such as \"yyyy-MM-dd HH:mm\" (UTC); null when it does not parse.",
            [P("text", ParameterKind.String), P("format", ParameterKind.String, constant: ConstantCheck.DateTimePattern)], _ => PulseType.Timestamp, NullRule.AlwaysNullable),

        Aggregate("count", "count([value]) -> long", "The number of rows, or of non-null values when given one (count(*) is count()).",
            [P("value", ParameterKind.Any, optional: true)], _ => PulseType.Long, NullRule.NeverNull),
        Aggregate("count_distinct", "count_distinct(value) -> long", "The number of distinct non-null values.",
            [P("value", ParameterKind.Any)], _ => PulseType.Long, NullRule.NeverNull),
        Aggregate("sum", "sum(value: number) -> number", "The sum; int and long sum to long, decimal(p, s) to decimal(38, s).",
            [P("value", ParameterKind.Number)], SumType),
        Aggregate("avg", "avg(value: number) -> number", "The mean; integers and doubles average to double, decimal(p, s) to decimal(p + 4, s + 4).",
            [P("value", ParameterKind.Number)], AvgType),
        Aggregate("min", "min(value) -> value", "The smallest value.", [P("value", ParameterKind.Comparable)], First),
        Aggregate("max", "max(value) -> value", "The largest value.", [P("value", ParameterKind.Comparable)], First),
        Aggregate("first", "first(value) -> value", "The value of the first row in input (event-time for streams) order.", [P("value", ParameterKind.Any)], First),
        Aggregate("last", "last(value) -> value", "The value of the last row in input (event-time for streams) order.", [P("value", ParameterKind.Any)], First),
    ];

    private static readonly Dictionary<string, FunctionDefinition> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static FunctionDefinition? Find(string name) => ByName.TryGetValue(name, out var function) ? function : null;

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    /// <summary>The units <c>date_trunc</c> accepts.</summary>
    public static readonly ImmutableArray<string> DateTruncUnits = ["hour", "day", "week", "month", "year"];

    private static PulseType WholeNumber(IReadOnlyList<PulseType> args)
    {
        var type = First(args);
        return type.Kind == TypeKind.Decimal ? TypeRules.CappedDecimal(type.Precision - type.Scale + 1, 0) : type;
    }

    private static PulseType SumType(IReadOnlyList<PulseType> args)
    {
        var type = First(args);
        return type.Kind switch
        {
            TypeKind.Int or TypeKind.Long => PulseType.Long,
            TypeKind.Decimal => PulseType.Decimal(TypeRules.MaxDecimalPrecision, type.Scale),
            _ => type,
        };
    }

    private static PulseType AvgType(IReadOnlyList<PulseType> args)
    {
        var type = First(args);
        return type.Kind switch
        {
            TypeKind.Decimal => PulseType.Decimal(Math.Min(TypeRules.MaxDecimalPrecision, type.Precision + 4), Math.Min(TypeRules.MaxDecimalPrecision, type.Scale + 4)),
            TypeKind.Error => type,
            _ => PulseType.Double,
        };
    }

    /// <summary>
    /// The result type of a call with these argument types, nullability applied; the argument-count
    /// and argument-kind checks are the caller's (it reports them with spans).
    /// </summary>
    public static PulseType ResultOf(FunctionDefinition function, IReadOnlyList<PulseType> argumentTypes)
    {
        if (argumentTypes.Any(t => t.Kind == TypeKind.Error)) return PulseType.Error;
        var type = function.ResultType(argumentTypes);
        return function.Nullability switch
        {
            NullRule.NeverNull => type.AsNonNullable(),
            NullRule.AlwaysNullable => type.AsNullable(),
            _ => type.WithNullability(argumentTypes.Any(t => t.Nullable)),
        };
    }

    /// <summary>The parameter an argument position binds to (the last one repeats for variadic functions).</summary>
    public static FunctionParameter? ParameterAt(FunctionDefinition function, int index)
    {
        if (index < function.Parameters.Length) return function.Parameters[index];
        return function.Variadic && function.Parameters.Length > 0 ? function.Parameters[^1] : null;
    }
}
