// Type diagnostics (PULSE2000-2999), owned by the binder (src/Compiler/Binding).
// One method per code; the message names both types involved.

namespace Pulse.Language.Diagnostics;

public readonly partial struct DiagnosticBuilder
{
    public Diagnostic TypeMismatch(string operation, string left, string right) =>
        Error("PULSE2001", $"cannot apply `{operation}` to {left} and {right}", "convert one side with cast(x as T)");

    public Diagnostic ConditionNotBool(string what, string type) =>
        Error("PULSE2002", $"{what} must be a bool, but this is {type}", "compare the value, e.g. x > 0 or x is not null");

    public Diagnostic WrongArgumentCount(string function, string signature, int given) =>
        Error("PULSE2003", $"`{function}` does not take {given} argument{(given == 1 ? "" : "s")}", $"the signature is {signature}");

    public Diagnostic ArgumentTypeMismatch(string function, int position, string parameter, string expected, string actual) =>
        Error("PULSE2004", $"argument {position} (`{parameter}`) of `{function}` must be {expected}, but this is {actual}", "convert it with cast(x as T)");

    public Diagnostic InvalidTemporalConstant(string text, string kind, string reason) =>
        Error("PULSE2005", $"\"{text}\" is not a valid {kind}: {reason}", kind == "date" ? "write an ISO-8601 date such as \"2024-03-01\"" : "write an ISO-8601 timestamp such as \"2024-03-01T12:00:00Z\"");

    public Diagnostic InvalidRegex(string pattern, string reason) =>
        Error("PULSE2006", $"invalid regular expression \"{pattern}\": {reason}", "the pattern runs on DuckDB/Spark (RE2) and .NET: no look-around or back-references");

    public Diagnostic ArgumentMustBeConstant(string function, string parameter) =>
        Error("PULSE2007", $"argument `{parameter}` of `{function}` must be a constant", "write a literal string here; it is checked when the spec is compiled");

    public Diagnostic InvalidCast(string from, string to) =>
        Error("PULSE2008", $"cannot cast {from} to {to}", "casts go to and from string, between numbers, between date and timestamp, and between numbers and bool");

    public Diagnostic WrongPropertyValue(string property, string expected) =>
        Error("PULSE2009", $"`{property}` expects {expected}");

    public Diagnostic NoCommonType(string what, string first, string second) =>
        Error("PULSE2010", $"the {what} have no common type: {first} and {second}", "make them the same type, e.g. with cast(x as T)");

    public Diagnostic NotAssignable(string what, string target, string targetType, string valueType) =>
        Error("PULSE2011", $"cannot {what} `{target}` ({targetType}) with a value of type {valueType}", "use a value of the column's type, or cast it");

    public Diagnostic InvalidDecimal(int precision, int scale) =>
        Error("PULSE2012", $"decimal({precision}, {scale}) is not a valid type", "precision is 1 to 38 and the scale 0 to the precision");

    public Diagnostic NoSuchMember(string type, string member) =>
        Error("PULSE2013", $"{type} has no field `{member}`", "`.` reads a field of a record or a column of an aliased relation");

    public Diagnostic TestValueMismatch(string column, string columnType, string valueType) =>
        Error("PULSE2014", $"column `{column}` is {columnType}, but the value is {valueType}", "write a value of the column's type");

    public Diagnostic ValueNotConstant(string what) =>
        Error("PULSE2015", $"{what} must be a constant", "write a literal, or date(\"…\") / timestamp(\"…\")");

    public Diagnostic PercentOutOfRange(string text) =>
        Error("PULSE2016", $"{text} is not a percentage between 0% and 100%");

    public Diagnostic InvalidDateTruncUnit(string unit, string? suggestion) =>
        Error("PULSE2017", $"`date_trunc` does not know the unit \"{unit}\"", suggestion is null ? "units: \"hour\", \"day\", \"week\", \"month\", \"year\"" : $"did you mean \"{suggestion}\"?");

    public Diagnostic UnionMismatch(string relation, string detail) =>
        Error("PULSE2018", $"cannot union `{relation}`: {detail}", "both sides of a union need the same column names with compatible types");

    public Diagnostic InvalidDateTimePattern(string pattern, string reason) =>
        Error("PULSE2019", $"invalid date/time pattern \"{pattern}\": {reason}", "use y M d H m s f for the parts, e.g. \"dd/MM/yyyy HH:mm\"; quote literal letters with '…'");

    public Diagnostic UnaryMismatch(string operation, string type) =>
        Error("PULSE2020", $"cannot apply `{operation}` to {type}", operation == "not" ? "`not` needs a bool" : "`-` needs a number or a duration");

    public Diagnostic NullNeedsType() =>
        Error("PULSE2021", "cannot tell the type of `null` here", "write cast(null as T)");

    public Diagnostic NullIntoNonNullable(string column, string type) =>
        Error("PULSE2022", $"column `{column}` is {type}, which cannot hold null", "give a value, or make the column nullable with `?`");

    public Diagnostic RecordFieldUnsupported(string member) =>
        Error("PULSE2023", $"reading the record field `{member}` in an expression is not supported yet", "flatten the record into fields in the source schema, or keep the whole record column");
}
