using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Ir;

/// <summary>
/// One cleaning step of a source, applied to every row in order. <see cref="SchemaAfter"/> is the
/// row's shape once the step has run, so a backend can emit each step independently.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "step")]
[JsonDerivedType(typeof(RenameStep), "rename")]
[JsonDerivedType(typeof(CastStep), "cast")]
[JsonDerivedType(typeof(TextTransformStep), "text")]
[JsonDerivedType(typeof(FillStep), "fill")]
[JsonDerivedType(typeof(DeriveStep), "derive")]
[JsonDerivedType(typeof(DropWhereStep), "dropWhere")]
[JsonDerivedType(typeof(DedupeStep), "dedupe")]
[JsonDerivedType(typeof(ExpectStep), "expect")]
public abstract record CleanStep(RelSchema SchemaAfter, Origin Origin);

public sealed record RenameStep(RelSchema SchemaAfter, Origin Origin, string From, string To) : CleanStep(SchemaAfter, Origin);

/// <summary>A value that does not convert makes the row malformed (quarantined as <c>_malformed</c>).</summary>
public sealed record CastStep(RelSchema SchemaAfter, Origin Origin, string Column, PulseType From, PulseType To, string? Format) : CleanStep(SchemaAfter, Origin);

public enum TextTransform { Trim, Lower, Upper }

public sealed record TextTransformStep(RelSchema SchemaAfter, Origin Origin, TextTransform Transform, ImmutableArray<string> Columns) : CleanStep(SchemaAfter, Origin);

public sealed record FillStep(RelSchema SchemaAfter, Origin Origin, ImmutableArray<string> Columns, Expr Value) : CleanStep(SchemaAfter, Origin);

/// <summary>Adds a column, or replaces one of the same name.</summary>
public sealed record DeriveStep(RelSchema SchemaAfter, Origin Origin, string Column, Expr Value) : CleanStep(SchemaAfter, Origin);

/// <summary>Rows matching <see cref="Predicate"/> are dropped (and counted as dropped).</summary>
public sealed record DropWhereStep(RelSchema SchemaAfter, Origin Origin, Expr Predicate) : CleanStep(SchemaAfter, Origin);

public enum DedupeKeep { First, Latest }

/// <summary>Keeps one row per key: the first in input order, or the one with the greatest <see cref="OrderBy"/>.</summary>
public sealed record DedupeStep(RelSchema SchemaAfter, Origin Origin, ImmutableArray<string> Keys, DedupeKeep Keep, string? OrderBy) : CleanStep(SchemaAfter, Origin);

public sealed record ExpectStep(RelSchema SchemaAfter, Origin Origin, ExpectationIr Expectation) : CleanStep(SchemaAfter, Origin);

public enum ViolationAction { Drop, Quarantine, Fail, Warn }

/// <summary>
/// A named expectation. Fractions are 0..1: the run fails when the violating fraction exceeds
/// <see cref="FailAbove"/> (from <c>mostly</c> or <c>fail above</c>) and warns past <see cref="WarnAbove"/>.
/// </summary>
public sealed record ExpectationIr(string Name, ExpectationRule Rule, ViolationAction Action, double? WarnAbove, double? FailAbove, Origin Origin);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "rule")]
[JsonDerivedType(typeof(RowRule), "row")]
[JsonDerivedType(typeof(UniqueRule), "unique")]
[JsonDerivedType(typeof(ReferenceRule), "reference")]
[JsonDerivedType(typeof(RowCountRule), "rowCount")]
[JsonDerivedType(typeof(FreshnessRule), "freshness")]
public abstract record ExpectationRule
{
    /// <summary>Row rules judge one row at a time; set rules need the whole input.</summary>
    [JsonIgnore] public abstract bool IsRowRule { get; }
}

/// <summary>A row passes when <see cref="Predicate"/> is true; null counts as a violation.</summary>
public sealed record RowRule(Expr Predicate) : ExpectationRule { public override bool IsRowRule => true; }

/// <summary>Rows after the first with the same key violate it.</summary>
public sealed record UniqueRule(ImmutableArray<string> Columns) : ExpectationRule { public override bool IsRowRule => false; }

/// <summary>A row violates it when its <see cref="Column"/> value is absent from <see cref="TargetRelation"/>.<see cref="TargetColumn"/>; nulls pass.</summary>
public sealed record ReferenceRule(string Column, string TargetRelation, string TargetColumn) : ExpectationRule { public override bool IsRowRule => false; }

public sealed record RowCountRule(long Min, long Max) : ExpectationRule { public override bool IsRowRule => false; }

/// <summary>Fails when the newest <see cref="Column"/> value is older than <see cref="MaxAge"/> at run start.</summary>
public sealed record FreshnessRule(string Column, TimeSpan MaxAge) : ExpectationRule { public override bool IsRowRule => false; }
