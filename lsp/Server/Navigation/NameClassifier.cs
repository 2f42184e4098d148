using Pulse.Language.Syntax;

namespace Pulse.Lsp.Navigation;

/// <summary>Classifies a <see cref="NameSyntax"/> by where it stands in the grammar.</summary>
public static class NameClassifier
{
    /// <summary>Settings whose value names a relation (a sink's <c>from</c>).</summary>
    private static readonly HashSet<string> RelationSettings = new(StringComparer.Ordinal) { "from" };

    /// <summary>Settings whose value names a column (or a list of columns) of the relation in play.</summary>
    private static readonly HashSet<string> ColumnSettings = new(StringComparer.Ordinal) { "key", "event_time", "id", "text", "partition_by", "indexes" };

    public static NameRole Classify(NameSyntax name)
    {
        var parent = name.Parent;
        switch (parent)
        {
            case DeployDeclarationSyntax: return NameRole.EnvironmentReference;
            case DeclarationSyntax declaration when ReferenceEquals(declaration.Name, name): return NameRole.Declaration;
            case ConnectionDeclarationSyntax c when ReferenceEquals(c.Kind, name): return NameRole.Kind;
            case SourceDeclarationSyntax s when ReferenceEquals(s.Format, name): return NameRole.Kind;
            case SinkDeclarationSyntax k when ReferenceEquals(k.Kind, name): return NameRole.Kind;
            case FieldSyntax: return NameRole.FieldDeclaration;
            case FromStepSyntax or JoinStepSyntax or UnionStepSyntax or BatchStepSyntax or SpeedStepSyntax
                or GivenSyntax or ExpectedRowsSyntax:
                return NameRole.RelationReference;
            case ReferencesRuleSyntax r: return ReferenceEquals(r.Relation, name) ? NameRole.RelationReference : NameRole.ColumnReference;
            case AliasSyntax: return NameRole.AliasDeclaration;
            case CallExpressionSyntax: return NameRole.Function;
            case NamedTypeSyntax: return NameRole.TypeName;
            case PropertySyntax: return NameRole.PropertyKey;
            case ExpectationSyntax: return NameRole.ExpectationName;
            case AssignmentSyntax or CleanDeriveStepSyntax: return NameRole.ColumnDeclaration;
            case SelectItemSyntax s when ReferenceEquals(s.Alias, name): return NameRole.ColumnDeclaration;
            case GroupKeySyntax g when ReferenceEquals(g.Alias, name): return NameRole.ColumnDeclaration;
            case RenameStepSyntax r: return ReferenceEquals(r.NewName, name) ? NameRole.ColumnDeclaration : NameRole.ColumnReference;
            case WindowStepSyntax or IncrementalStepSyntax or KeyStepSyntax or TimeStepSyntax or JoinUsingSyntax or TextStepSyntax
                or FillStepSyntax or DedupeStepSyntax or DedupeKeepSyntax or CastStepSyntax or UniqueRuleSyntax
                or FreshnessRuleSyntax or RowCellSyntax:
                return NameRole.ColumnReference;
            case MemberAccessExpressionSyntax: return NameRole.ColumnReference;
            case NameExpressionSyntax expression: return ClassifyNameExpression(expression, name);
            default: return NameRole.Unknown;
        }
    }

    private static NameRole ClassifyNameExpression(NameExpressionSyntax expression, NameSyntax name)
    {
        // `c.column`: the left side is an alias (or a relation name used as one).
        if (expression.Parent is MemberAccessExpressionSyntax access && ReferenceEquals(access.Expression, expression))
            return NameRole.AliasReference;

        // A setting's value: walk up through lists (`key = [a, b]`, `indexes = [[a]]`).
        SyntaxNode? node = expression.Parent;
        while (node is ListExpressionSyntax) node = node.Parent;
        if (node is PropertySyntax property)
        {
            var key = property.Name.Text;
            if (key == "connection") return NameRole.ConnectionReference;
            if (RelationSettings.Contains(key) && property.Parent is SinkDeclarationSyntax) return NameRole.RelationReference;
            if (ColumnSettings.Contains(key)) return NameRole.ColumnReference;
            return NameRole.EnumValue;
        }
        return NameRole.ColumnReference;
    }
}
