using System.Collections.Immutable;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Functions;

public enum FunctionKind { Scalar, Aggregate }

/// <summary>What an argument accepts. <see cref="Describe"/> gives the wording used in messages.</summary>
public enum ParameterKind
{
    String,
    /// <summary>int or long.</summary>
    Integer,
    /// <summary>int, long, decimal or double.</summary>
    Number,
    /// <summary>date or timestamp.</summary>
    Temporal,
    Timestamp,
    /// <summary>Anything that can be ordered: not list, record or json.</summary>
    Comparable,
    Any,
}

/// <summary>What the checker verifies about an argument that must be a constant.</summary>
public enum ConstantCheck { None, Regex, DateTruncUnit, IsoDate, IsoTimestamp, DateTimePattern }

public sealed record FunctionParameter(string Name, ParameterKind Kind, bool Optional = false, ConstantCheck Constant = ConstantCheck.None)
{
    public bool MustBeConstant => Constant != ConstantCheck.None;
}

/// <summary>
/// One function of docs/language.md: its canonical name, signature text and one-line doc (shown by
/// hover, completion and signature help), its parameters and how its result type follows from the
/// argument types. Null propagation is the default: the result is nullable when any argument is.
/// </summary>
public sealed record FunctionDefinition(
    string Name,
    FunctionKind Kind,
    string Signature,
    string Doc,
    ImmutableArray<FunctionParameter> Parameters,
    /// <summary>The last parameter repeats (concat).</summary>
    bool Variadic,
    /// <summary>The result type from the (non-error) argument types, before nullability.</summary>
    Func<IReadOnlyList<PulseType>, PulseType> ResultType,
    NullRule Nullability = NullRule.Propagate)
{
    public bool IsAggregate => Kind == FunctionKind.Aggregate;
    public int MinArguments => Parameters.Count(p => !p.Optional);
    public int? MaxArguments => Variadic ? null : Parameters.Length;
}

/// <summary>How a function's result nullability follows from its arguments.</summary>
public enum NullRule
{
    /// <summary>Nullable when any argument is.</summary>
    Propagate,
    /// <summary>Never null (count, concat, now, date constants).</summary>
    NeverNull,
    /// <summary>Always nullable (parse_date: null when the text does not parse).</summary>
    AlwaysNullable,
}

public static class ParameterKinds
{
    public static string Describe(ParameterKind kind) => kind switch
    {
        ParameterKind.String => "string",
        ParameterKind.Integer => "int",
        ParameterKind.Number => "number (int, long, decimal or double)",
        ParameterKind.Temporal => "date or timestamp",
        ParameterKind.Timestamp => "timestamp",
        ParameterKind.Comparable => "a comparable value (not list, record or json)",
        _ => "any value",
    };

    public static bool Accepts(ParameterKind kind, PulseType type)
    {
        if (type.Kind is TypeKind.Error or TypeKind.Null) return true;
        return kind switch
        {
            ParameterKind.String => type.Kind == TypeKind.String,
            ParameterKind.Integer => type.Kind is TypeKind.Int or TypeKind.Long,
            ParameterKind.Number => type.IsNumeric,
            ParameterKind.Temporal => type.IsTemporal,
            ParameterKind.Timestamp => type.Kind == TypeKind.Timestamp,
            ParameterKind.Comparable => type.Kind is not (TypeKind.List or TypeKind.Record or TypeKind.Json),
            _ => true,
        };
    }
}
