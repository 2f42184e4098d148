using Pulse.Compiler.Types;

namespace Pulse.Compiler.Tests.Types;

public class TypeRulesTests
{
    private static readonly PulseType D10_2 = PulseType.Decimal(10, 2);

    [Fact]
    public void Numeric_widening_follows_int_long_decimal_double()
    {
        Assert.Equal(PulseType.Long, TypeRules.WidenNumeric(PulseType.Int, PulseType.Long));
        Assert.Equal(PulseType.Decimal(21, 2), TypeRules.WidenNumeric(PulseType.Long, D10_2));
        Assert.Equal(PulseType.Double, TypeRules.WidenNumeric(D10_2, PulseType.Double));
        Assert.Equal(PulseType.Int.AsNullable(), TypeRules.WidenNumeric(PulseType.Int.AsNullable(), PulseType.Int));
    }

    [Fact]
    public void Decimal_results_are_capped_at_38_digits_keeping_six_decimals()
    {
        var wide = PulseType.Decimal(38, 10);
        Assert.Equal(PulseType.Decimal(38, 9), TypeRules.DecimalResult(ArithmeticOperator.Add, wide, wide)); // 29 integer digits + 9 decimals
        Assert.Equal(PulseType.Decimal(38, 6), TypeRules.DecimalResult(ArithmeticOperator.Multiply, wide, wide));
        Assert.Equal(PulseType.Decimal(5, 2), TypeRules.DecimalResult(ArithmeticOperator.Modulo, PulseType.Decimal(5, 2), PulseType.Decimal(7, 2)));
    }

    [Fact]
    public void Common_supertype_of_null_and_a_type_is_the_nullable_type()
    {
        Assert.Equal(PulseType.String.AsNullable(), TypeRules.CommonSupertype(PulseType.Null, PulseType.String));
        Assert.Null(TypeRules.CommonSupertype(PulseType.String, PulseType.Int));
        Assert.Equal(PulseType.ListOf(PulseType.Long), TypeRules.CommonSupertype(PulseType.ListOf(PulseType.Int), PulseType.ListOf(PulseType.Long)));
        Assert.Equal(PulseType.Error, TypeRules.CommonSupertype(PulseType.Error, PulseType.Int));
    }

    [Fact]
    public void Assignability_widens_but_never_narrows_or_drops_nulls()
    {
        Assert.True(TypeRules.IsAssignable(PulseType.Int, PulseType.Long));
        Assert.True(TypeRules.IsAssignable(PulseType.Int, PulseType.Decimal(12, 2)));
        Assert.False(TypeRules.IsAssignable(PulseType.Int, PulseType.Decimal(5, 2)));
        Assert.False(TypeRules.IsAssignable(PulseType.Long, PulseType.Int));
        Assert.False(TypeRules.IsAssignable(PulseType.Decimal(10, 4), D10_2));
        Assert.False(TypeRules.IsAssignable(PulseType.Int.AsNullable(), PulseType.Int));
        Assert.True(TypeRules.IsAssignable(PulseType.Null, PulseType.Int.AsNullable()));
        Assert.False(TypeRules.IsAssignable(PulseType.Null, PulseType.Int));
        Assert.False(TypeRules.IsAssignable(PulseType.Date, PulseType.Timestamp));
    }

    [Fact]
    public void Casts_cover_text_numbers_and_time_but_not_lists()
    {
        Assert.True(TypeRules.CanCast(PulseType.String, PulseType.Date));
        Assert.True(TypeRules.CanCast(PulseType.Double, PulseType.Int));
        Assert.True(TypeRules.CanCast(PulseType.Date, PulseType.Timestamp));
        Assert.True(TypeRules.CanCast(PulseType.Bool, PulseType.Int));
        Assert.False(TypeRules.CanCast(PulseType.Date, PulseType.Bool));
        Assert.False(TypeRules.CanCast(PulseType.ListOf(PulseType.String), PulseType.String));
        Assert.False(TypeRules.CanCast(PulseType.Duration, PulseType.String));
    }

    [Fact]
    public void Timestamp_arithmetic_with_durations()
    {
        Assert.Equal(PulseType.Timestamp, TypeRules.Arithmetic(ArithmeticOperator.Add, PulseType.Timestamp, PulseType.Duration)!.Result);
        Assert.Equal(PulseType.Duration, TypeRules.Arithmetic(ArithmeticOperator.Subtract, PulseType.Timestamp, PulseType.Timestamp)!.Result);
        Assert.Null(TypeRules.Arithmetic(ArithmeticOperator.Add, PulseType.Timestamp, PulseType.Timestamp));
        Assert.Null(TypeRules.Arithmetic(ArithmeticOperator.Multiply, PulseType.Timestamp, PulseType.Duration));
    }

    [Fact]
    public void Operands_of_mixed_kinds_are_converted_to_one_kind()
    {
        var typing = TypeRules.Arithmetic(ArithmeticOperator.Add, PulseType.Int, PulseType.Double)!;
        Assert.Equal(TypeKind.Double, typing.LeftOperand.Kind);
        Assert.Equal(TypeKind.Double, typing.RightOperand.Kind);
        var division = TypeRules.Arithmetic(ArithmeticOperator.Divide, PulseType.Int, PulseType.Long.AsNullable())!;
        Assert.Equal(PulseType.Double.AsNullable(), division.Result);
    }
}
