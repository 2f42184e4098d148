using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>Turns a written type (<c>decimal(12, 2)?</c>, <c>list&lt;string&gt;</c>, <c>record { … }</c>) into a <see cref="PulseType"/>.</summary>
internal static class TypeBinder
{
    public static PulseType Bind(TypeSyntax syntax, SyntaxTree tree, BindingContext context)
    {
        switch (syntax)
        {
            case NullableTypeSyntax nullable:
                return Bind(nullable.ElementType, tree, context).AsNullable();
            case NamedTypeSyntax named:
                return named.Name.Text switch
                {
                    "string" => PulseType.String,
                    "int" => PulseType.Int,
                    "long" => PulseType.Long,
                    "double" => PulseType.Double,
                    "bool" => PulseType.Bool,
                    "date" => PulseType.Date,
                    "timestamp" => PulseType.Timestamp,
                    "json" => PulseType.Json,
                    _ => PulseType.Error, // the parser reported the unknown type (PULSE0108)
                };
            case DecimalTypeSyntax decimalType:
                if (decimalType.Precision.IsMissing || decimalType.Scale.IsMissing) return PulseType.Error;
                if (!SyntaxFacts.TryParseInteger(decimalType.Precision.Text, out var precision) || !SyntaxFacts.TryParseInteger(decimalType.Scale.Text, out var scale)
                    || precision < 1 || precision > TypeRules.MaxDecimalPrecision || scale < 0 || scale > precision)
                {
                    SyntaxFacts.TryParseInteger(decimalType.Precision.Text, out precision);
                    SyntaxFacts.TryParseInteger(decimalType.Scale.Text, out scale);
                    context.Add(BindingContext.At(tree, decimalType).InvalidDecimal((int)Math.Clamp(precision, int.MinValue, int.MaxValue), (int)Math.Clamp(scale, int.MinValue, int.MaxValue)));
                    return PulseType.Error;
                }
                return PulseType.Decimal((int)precision, (int)scale);
            case ListTypeSyntax list:
                var element = Bind(list.ElementType, tree, context);
                return element.Kind == TypeKind.Error ? PulseType.Error : PulseType.ListOf(element);
            case RecordTypeSyntax record:
                var fields = new List<FieldType>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in record.Fields)
                {
                    if (field.Name.IsMissing) continue;
                    if (!seen.Add(field.Name.Text))
                    {
                        context.Add(BindingContext.At(tree, field.Name).DuplicateColumn(field.Name.Text, "this record"));
                        continue;
                    }
                    fields.Add(new FieldType(field.Name.Text, Bind(field.Type, tree, context)));
                }
                return PulseType.RecordOf(fields);
            default:
                return PulseType.Error;
        }
    }
}
