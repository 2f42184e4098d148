using System.Collections.Immutable;
using System.Text;

namespace Pulse.Compiler.Types;

/// <summary>The kinds of value a Pulse column or expression can hold.</summary>
public enum TypeKind
{
    String, Int, Long, Double, Decimal, Bool, Date, Timestamp, Json,
    /// <summary>Only for expressions (duration literals, timestamp arithmetic); never a column type.</summary>
    Duration,
    List, Record,
    /// <summary>The type of the literal <c>null</c> before it meets a context.</summary>
    Null,
    /// <summary>Produced after an error so that one mistake does not cascade into many.</summary>
    Error,
}

/// <summary>A field of a record type (and of a relation's schema).</summary>
public sealed record FieldType(string Name, PulseType Type);

/// <summary>
/// An immutable Pulse type with its nullability. Value equality makes types comparable directly;
/// <see cref="ToString"/> gives the spelling used in specs, diagnostics and the IR JSON.
/// </summary>
public sealed record PulseType(TypeKind Kind, bool Nullable = false, int Precision = 0, int Scale = 0,
    PulseType? Element = null, ImmutableArray<FieldType> Fields = default)
{
    public static readonly PulseType String = new(TypeKind.String);
    public static readonly PulseType Int = new(TypeKind.Int);
    public static readonly PulseType Long = new(TypeKind.Long);
    public static readonly PulseType Double = new(TypeKind.Double);
    public static readonly PulseType Bool = new(TypeKind.Bool);
    public static readonly PulseType Date = new(TypeKind.Date);
    public static readonly PulseType Timestamp = new(TypeKind.Timestamp);
    public static readonly PulseType Json = new(TypeKind.Json);
    public static readonly PulseType Duration = new(TypeKind.Duration);
    public static readonly PulseType Null = new(TypeKind.Null, Nullable: true);
    public static readonly PulseType Error = new(TypeKind.Error, Nullable: true);

    public static PulseType Decimal(int precision, int scale) => new(TypeKind.Decimal, Precision: precision, Scale: scale);
    public static PulseType ListOf(PulseType element) => new(TypeKind.List, Element: element);
    public static PulseType RecordOf(IEnumerable<FieldType> fields) => new(TypeKind.Record, Fields: fields.ToImmutableArray());

    public PulseType AsNullable() => Nullable ? this : this with { Nullable = true };
    public PulseType AsNonNullable() => Nullable && Kind is not (TypeKind.Null or TypeKind.Error) ? this with { Nullable = false } : this;
    public PulseType WithNullability(bool nullable) => nullable ? AsNullable() : AsNonNullable();

    public bool IsNumeric => Kind is TypeKind.Int or TypeKind.Long or TypeKind.Decimal or TypeKind.Double;
    public bool IsTemporal => Kind is TypeKind.Date or TypeKind.Timestamp;

    public bool Equals(PulseType? other) =>
        other is not null && Kind == other.Kind && Nullable == other.Nullable && Precision == other.Precision
        && Scale == other.Scale && Equals(Element, other.Element)
        && (Fields.IsDefaultOrEmpty ? other.Fields.IsDefaultOrEmpty : !other.Fields.IsDefaultOrEmpty && Fields.SequenceEqual(other.Fields));

    public override int GetHashCode() => HashCode.Combine(Kind, Nullable, Precision, Scale, Element);

    public override string ToString()
    {
        var text = new StringBuilder();
        switch (Kind)
        {
            case TypeKind.Decimal: text.Append("decimal(").Append(Precision).Append(", ").Append(Scale).Append(')'); break;
            case TypeKind.List: text.Append("list<").Append(Element).Append('>'); break;
            case TypeKind.Record:
                text.Append("record { ");
                text.AppendJoin(", ", Fields.IsDefault ? [] : Fields.Select(f => $"{f.Name}: {f.Type}"));
                text.Append(" }");
                break;
            default: text.Append(Kind.ToString().ToLowerInvariant()); break;
        }
        if (Nullable && Kind is not (TypeKind.Null or TypeKind.Error)) text.Append('?');
        return text.ToString();
    }
}
