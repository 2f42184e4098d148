// The visitor pattern for every concrete node. When you add a node class, add its three lines
// here (a test fails otherwise: VisitorCoversEveryNode).

namespace Pulse.Language.Syntax;

/// <summary>Dispatches on a node's concrete type; every Visit method falls back to <see cref="DefaultVisit"/>.</summary>
public abstract class SyntaxVisitor
{
    public virtual void Visit(SyntaxNode? node) => node?.Accept(this);

    /// <summary>Called for tokens by <see cref="SyntaxWalker"/>; nothing by default.</summary>
    public virtual void VisitToken(SyntaxToken token) { }

    public virtual void DefaultVisit(SyntaxNode node) { }

    public virtual void VisitAlias(AliasSyntax node) => DefaultVisit(node);
    public virtual void VisitAssignment(AssignmentSyntax node) => DefaultVisit(node);
    public virtual void VisitBatchStep(BatchStepSyntax node) => DefaultVisit(node);
    public virtual void VisitBetweenExpression(BetweenExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitBinaryExpression(BinaryExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitCallExpression(CallExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitCaseExpression(CaseExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitCastExpression(CastExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitCastStep(CastStepSyntax node) => DefaultVisit(node);
    public virtual void VisitCleanBlock(CleanBlockSyntax node) => DefaultVisit(node);
    public virtual void VisitCleanDeriveStep(CleanDeriveStepSyntax node) => DefaultVisit(node);
    public virtual void VisitConditionRule(ConditionRuleSyntax node) => DefaultVisit(node);
    public virtual void VisitConnectionDeclaration(ConnectionDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitDecimalType(DecimalTypeSyntax node) => DefaultVisit(node);
    public virtual void VisitDedupeKeep(DedupeKeepSyntax node) => DefaultVisit(node);
    public virtual void VisitDedupeStep(DedupeStepSyntax node) => DefaultVisit(node);
    public virtual void VisitDeployDeclaration(DeployDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitDeriveStep(DeriveStepSyntax node) => DefaultVisit(node);
    public virtual void VisitDropWhereStep(DropWhereStepSyntax node) => DefaultVisit(node);
    public virtual void VisitElseClause(ElseClauseSyntax node) => DefaultVisit(node);
    public virtual void VisitEnvironmentDeclaration(EnvironmentDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitExpectation(ExpectationSyntax node) => DefaultVisit(node);
    public virtual void VisitExpectationAction(ExpectationActionSyntax node) => DefaultVisit(node);
    public virtual void VisitExpectedRows(ExpectedRowsSyntax node) => DefaultVisit(node);
    public virtual void VisitField(FieldSyntax node) => DefaultVisit(node);
    public virtual void VisitFile(FileSyntax node) => DefaultVisit(node);
    public virtual void VisitFillStep(FillStepSyntax node) => DefaultVisit(node);
    public virtual void VisitFreshnessRule(FreshnessRuleSyntax node) => DefaultVisit(node);
    public virtual void VisitFromStep(FromStepSyntax node) => DefaultVisit(node);
    public virtual void VisitGiven(GivenSyntax node) => DefaultVisit(node);
    public virtual void VisitGroupByStep(GroupByStepSyntax node) => DefaultVisit(node);
    public virtual void VisitGroupKey(GroupKeySyntax node) => DefaultVisit(node);
    public virtual void VisitImportDeclaration(ImportDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitInExpression(InExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitIncrementalStep(IncrementalStepSyntax node) => DefaultVisit(node);
    public virtual void VisitIsNullExpression(IsNullExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitJoinOn(JoinOnSyntax node) => DefaultVisit(node);
    public virtual void VisitJoinStep(JoinStepSyntax node) => DefaultVisit(node);
    public virtual void VisitJoinUsing(JoinUsingSyntax node) => DefaultVisit(node);
    public virtual void VisitKeyStep(KeyStepSyntax node) => DefaultVisit(node);
    public virtual void VisitLateStep(LateStepSyntax node) => DefaultVisit(node);
    public virtual void VisitLimitStep(LimitStepSyntax node) => DefaultVisit(node);
    public virtual void VisitListExpression(ListExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitListType(ListTypeSyntax node) => DefaultVisit(node);
    public virtual void VisitLiteralExpression(LiteralExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitMemberAccessExpression(MemberAccessExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitMissingExpression(MissingExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitName(NameSyntax node) => DefaultVisit(node);
    public virtual void VisitNameExpression(NameExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitNamedType(NamedTypeSyntax node) => DefaultVisit(node);
    public virtual void VisitNullableType(NullableTypeSyntax node) => DefaultVisit(node);
    public virtual void VisitOrderByStep(OrderByStepSyntax node) => DefaultVisit(node);
    public virtual void VisitOrderItem(OrderItemSyntax node) => DefaultVisit(node);
    public virtual void VisitParenthesizedExpression(ParenthesizedExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitPipelineDeclaration(PipelineDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitProperty(PropertySyntax node) => DefaultVisit(node);
    public virtual void VisitRecordType(RecordTypeSyntax node) => DefaultVisit(node);
    public virtual void VisitReferencesRule(ReferencesRuleSyntax node) => DefaultVisit(node);
    public virtual void VisitRenameStep(RenameStepSyntax node) => DefaultVisit(node);
    public virtual void VisitRetainStep(RetainStepSyntax node) => DefaultVisit(node);
    public virtual void VisitRowCell(RowCellSyntax node) => DefaultVisit(node);
    public virtual void VisitRowCountRule(RowCountRuleSyntax node) => DefaultVisit(node);
    public virtual void VisitScheduleDeclaration(ScheduleDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitSchemaBlock(SchemaBlockSyntax node) => DefaultVisit(node);
    public virtual void VisitSelectItem(SelectItemSyntax node) => DefaultVisit(node);
    public virtual void VisitSelectStep(SelectStepSyntax node) => DefaultVisit(node);
    public virtual void VisitSinkDeclaration(SinkDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitSkipped(SkippedSyntax node) => DefaultVisit(node);
    public virtual void VisitSourceDeclaration(SourceDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitSpeedStep(SpeedStepSyntax node) => DefaultVisit(node);
    public virtual void VisitStarExpression(StarExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitTestDeclaration(TestDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitTestEvent(TestEventSyntax node) => DefaultVisit(node);
    public virtual void VisitTestRow(TestRowSyntax node) => DefaultVisit(node);
    public virtual void VisitTextStep(TextStepSyntax node) => DefaultVisit(node);
    public virtual void VisitThreshold(ThresholdSyntax node) => DefaultVisit(node);
    public virtual void VisitTimeStep(TimeStepSyntax node) => DefaultVisit(node);
    public virtual void VisitUnaryExpression(UnaryExpressionSyntax node) => DefaultVisit(node);
    public virtual void VisitUnionStep(UnionStepSyntax node) => DefaultVisit(node);
    public virtual void VisitUniqueRule(UniqueRuleSyntax node) => DefaultVisit(node);
    public virtual void VisitViewDeclaration(ViewDeclarationSyntax node) => DefaultVisit(node);
    public virtual void VisitWatermark(WatermarkSyntax node) => DefaultVisit(node);
    public virtual void VisitWhenClause(WhenClauseSyntax node) => DefaultVisit(node);
    public virtual void VisitWhereStep(WhereStepSyntax node) => DefaultVisit(node);
    public virtual void VisitWindowKind(WindowKindSyntax node) => DefaultVisit(node);
    public virtual void VisitWindowStep(WindowStepSyntax node) => DefaultVisit(node);
}

/// <summary>Dispatches on a node's concrete type and returns a value; every Visit method falls back to <see cref="DefaultVisit"/>.</summary>
public abstract class SyntaxVisitor<TResult>
{
    public virtual TResult Visit(SyntaxNode node) => node.Accept(this);

    public abstract TResult DefaultVisit(SyntaxNode node);

    public virtual TResult VisitAlias(AliasSyntax node) => DefaultVisit(node);
    public virtual TResult VisitAssignment(AssignmentSyntax node) => DefaultVisit(node);
    public virtual TResult VisitBatchStep(BatchStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitBetweenExpression(BetweenExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitBinaryExpression(BinaryExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCallExpression(CallExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCaseExpression(CaseExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCastExpression(CastExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCastStep(CastStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCleanBlock(CleanBlockSyntax node) => DefaultVisit(node);
    public virtual TResult VisitCleanDeriveStep(CleanDeriveStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitConditionRule(ConditionRuleSyntax node) => DefaultVisit(node);
    public virtual TResult VisitConnectionDeclaration(ConnectionDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDecimalType(DecimalTypeSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDedupeKeep(DedupeKeepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDedupeStep(DedupeStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDeployDeclaration(DeployDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDeriveStep(DeriveStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitDropWhereStep(DropWhereStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitElseClause(ElseClauseSyntax node) => DefaultVisit(node);
    public virtual TResult VisitEnvironmentDeclaration(EnvironmentDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitExpectation(ExpectationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitExpectationAction(ExpectationActionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitExpectedRows(ExpectedRowsSyntax node) => DefaultVisit(node);
    public virtual TResult VisitField(FieldSyntax node) => DefaultVisit(node);
    public virtual TResult VisitFile(FileSyntax node) => DefaultVisit(node);
    public virtual TResult VisitFillStep(FillStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitFreshnessRule(FreshnessRuleSyntax node) => DefaultVisit(node);
    public virtual TResult VisitFromStep(FromStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitGiven(GivenSyntax node) => DefaultVisit(node);
    public virtual TResult VisitGroupByStep(GroupByStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitGroupKey(GroupKeySyntax node) => DefaultVisit(node);
    public virtual TResult VisitImportDeclaration(ImportDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitInExpression(InExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitIncrementalStep(IncrementalStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitIsNullExpression(IsNullExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitJoinOn(JoinOnSyntax node) => DefaultVisit(node);
    public virtual TResult VisitJoinStep(JoinStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitJoinUsing(JoinUsingSyntax node) => DefaultVisit(node);
    public virtual TResult VisitKeyStep(KeyStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitLateStep(LateStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitLimitStep(LimitStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitListExpression(ListExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitListType(ListTypeSyntax node) => DefaultVisit(node);
    public virtual TResult VisitLiteralExpression(LiteralExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitMemberAccessExpression(MemberAccessExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitMissingExpression(MissingExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitName(NameSyntax node) => DefaultVisit(node);
    public virtual TResult VisitNameExpression(NameExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitNamedType(NamedTypeSyntax node) => DefaultVisit(node);
    public virtual TResult VisitNullableType(NullableTypeSyntax node) => DefaultVisit(node);
    public virtual TResult VisitOrderByStep(OrderByStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitOrderItem(OrderItemSyntax node) => DefaultVisit(node);
    public virtual TResult VisitParenthesizedExpression(ParenthesizedExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitPipelineDeclaration(PipelineDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitProperty(PropertySyntax node) => DefaultVisit(node);
    public virtual TResult VisitRecordType(RecordTypeSyntax node) => DefaultVisit(node);
    public virtual TResult VisitReferencesRule(ReferencesRuleSyntax node) => DefaultVisit(node);
    public virtual TResult VisitRenameStep(RenameStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitRetainStep(RetainStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitRowCell(RowCellSyntax node) => DefaultVisit(node);
    public virtual TResult VisitRowCountRule(RowCountRuleSyntax node) => DefaultVisit(node);
    public virtual TResult VisitScheduleDeclaration(ScheduleDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSchemaBlock(SchemaBlockSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSelectItem(SelectItemSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSelectStep(SelectStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSinkDeclaration(SinkDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSkipped(SkippedSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSourceDeclaration(SourceDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitSpeedStep(SpeedStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitStarExpression(StarExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitTestDeclaration(TestDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitTestEvent(TestEventSyntax node) => DefaultVisit(node);
    public virtual TResult VisitTestRow(TestRowSyntax node) => DefaultVisit(node);
    public virtual TResult VisitTextStep(TextStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitThreshold(ThresholdSyntax node) => DefaultVisit(node);
    public virtual TResult VisitTimeStep(TimeStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitUnaryExpression(UnaryExpressionSyntax node) => DefaultVisit(node);
    public virtual TResult VisitUnionStep(UnionStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitUniqueRule(UniqueRuleSyntax node) => DefaultVisit(node);
    public virtual TResult VisitViewDeclaration(ViewDeclarationSyntax node) => DefaultVisit(node);
    public virtual TResult VisitWatermark(WatermarkSyntax node) => DefaultVisit(node);
    public virtual TResult VisitWhenClause(WhenClauseSyntax node) => DefaultVisit(node);
    public virtual TResult VisitWhereStep(WhereStepSyntax node) => DefaultVisit(node);
    public virtual TResult VisitWindowKind(WindowKindSyntax node) => DefaultVisit(node);
    public virtual TResult VisitWindowStep(WindowStepSyntax node) => DefaultVisit(node);
}

public sealed partial class AliasSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitAlias(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitAlias(this);
}

public sealed partial class AssignmentSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitAssignment(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitAssignment(this);
}

public sealed partial class BatchStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitBatchStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitBatchStep(this);
}

public sealed partial class BetweenExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitBetweenExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitBetweenExpression(this);
}

public sealed partial class BinaryExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitBinaryExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitBinaryExpression(this);
}

public sealed partial class CallExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCallExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCallExpression(this);
}

public sealed partial class CaseExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCaseExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCaseExpression(this);
}

public sealed partial class CastExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCastExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCastExpression(this);
}

public sealed partial class CastStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCastStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCastStep(this);
}

public sealed partial class CleanBlockSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCleanBlock(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCleanBlock(this);
}

public sealed partial class CleanDeriveStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitCleanDeriveStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitCleanDeriveStep(this);
}

public sealed partial class ConditionRuleSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitConditionRule(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitConditionRule(this);
}

public sealed partial class ConnectionDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitConnectionDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitConnectionDeclaration(this);
}

public sealed partial class DecimalTypeSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDecimalType(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDecimalType(this);
}

public sealed partial class DedupeKeepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDedupeKeep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDedupeKeep(this);
}

public sealed partial class DedupeStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDedupeStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDedupeStep(this);
}

public sealed partial class DeployDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDeployDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDeployDeclaration(this);
}

public sealed partial class DeriveStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDeriveStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDeriveStep(this);
}

public sealed partial class DropWhereStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitDropWhereStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitDropWhereStep(this);
}

public sealed partial class ElseClauseSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitElseClause(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitElseClause(this);
}

public sealed partial class EnvironmentDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitEnvironmentDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitEnvironmentDeclaration(this);
}

public sealed partial class ExpectationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitExpectation(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitExpectation(this);
}

public sealed partial class ExpectationActionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitExpectationAction(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitExpectationAction(this);
}

public sealed partial class ExpectedRowsSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitExpectedRows(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitExpectedRows(this);
}

public sealed partial class FieldSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitField(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitField(this);
}

public sealed partial class FileSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitFile(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitFile(this);
}

public sealed partial class FillStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitFillStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitFillStep(this);
}

public sealed partial class FreshnessRuleSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitFreshnessRule(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitFreshnessRule(this);
}

public sealed partial class FromStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitFromStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitFromStep(this);
}

public sealed partial class GivenSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitGiven(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitGiven(this);
}

public sealed partial class GroupByStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitGroupByStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitGroupByStep(this);
}

public sealed partial class GroupKeySyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitGroupKey(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitGroupKey(this);
}

public sealed partial class ImportDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitImportDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitImportDeclaration(this);
}

public sealed partial class InExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitInExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitInExpression(this);
}

public sealed partial class IncrementalStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitIncrementalStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitIncrementalStep(this);
}

public sealed partial class IsNullExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitIsNullExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitIsNullExpression(this);
}

public sealed partial class JoinOnSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitJoinOn(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitJoinOn(this);
}

public sealed partial class JoinStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitJoinStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitJoinStep(this);
}

public sealed partial class JoinUsingSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitJoinUsing(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitJoinUsing(this);
}

public sealed partial class KeyStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitKeyStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitKeyStep(this);
}

public sealed partial class LateStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitLateStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitLateStep(this);
}

public sealed partial class LimitStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitLimitStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitLimitStep(this);
}

public sealed partial class ListExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitListExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitListExpression(this);
}

public sealed partial class ListTypeSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitListType(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitListType(this);
}

public sealed partial class LiteralExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitLiteralExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitLiteralExpression(this);
}

public sealed partial class MemberAccessExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitMemberAccessExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitMemberAccessExpression(this);
}

public sealed partial class MissingExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitMissingExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitMissingExpression(this);
}

public sealed partial class NameSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitName(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitName(this);
}

public sealed partial class NameExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitNameExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitNameExpression(this);
}

public sealed partial class NamedTypeSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitNamedType(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitNamedType(this);
}

public sealed partial class NullableTypeSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitNullableType(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitNullableType(this);
}

public sealed partial class OrderByStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitOrderByStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitOrderByStep(this);
}

public sealed partial class OrderItemSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitOrderItem(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitOrderItem(this);
}

public sealed partial class ParenthesizedExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitParenthesizedExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitParenthesizedExpression(this);
}

public sealed partial class PipelineDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitPipelineDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitPipelineDeclaration(this);
}

public sealed partial class PropertySyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitProperty(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitProperty(this);
}

public sealed partial class RecordTypeSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitRecordType(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitRecordType(this);
}

public sealed partial class ReferencesRuleSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitReferencesRule(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitReferencesRule(this);
}

public sealed partial class RenameStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitRenameStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitRenameStep(this);
}

public sealed partial class RetainStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitRetainStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitRetainStep(this);
}

public sealed partial class RowCellSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitRowCell(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitRowCell(this);
}

public sealed partial class RowCountRuleSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitRowCountRule(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitRowCountRule(this);
}

public sealed partial class ScheduleDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitScheduleDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitScheduleDeclaration(this);
}

public sealed partial class SchemaBlockSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSchemaBlock(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSchemaBlock(this);
}

public sealed partial class SelectItemSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSelectItem(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSelectItem(this);
}

public sealed partial class SelectStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSelectStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSelectStep(this);
}

public sealed partial class SinkDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSinkDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSinkDeclaration(this);
}

public sealed partial class SkippedSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSkipped(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSkipped(this);
}

public sealed partial class SourceDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSourceDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSourceDeclaration(this);
}

public sealed partial class SpeedStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitSpeedStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitSpeedStep(this);
}

public sealed partial class StarExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitStarExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitStarExpression(this);
}

public sealed partial class TestDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitTestDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitTestDeclaration(this);
}

public sealed partial class TestEventSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitTestEvent(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitTestEvent(this);
}

public sealed partial class TestRowSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitTestRow(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitTestRow(this);
}

public sealed partial class TextStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitTextStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitTextStep(this);
}

public sealed partial class ThresholdSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitThreshold(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitThreshold(this);
}

public sealed partial class TimeStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitTimeStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitTimeStep(this);
}

public sealed partial class UnaryExpressionSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitUnaryExpression(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitUnaryExpression(this);
}

public sealed partial class UnionStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitUnionStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitUnionStep(this);
}

public sealed partial class UniqueRuleSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitUniqueRule(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitUniqueRule(this);
}

public sealed partial class ViewDeclarationSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitViewDeclaration(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitViewDeclaration(this);
}

public sealed partial class WatermarkSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitWatermark(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitWatermark(this);
}

public sealed partial class WhenClauseSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitWhenClause(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitWhenClause(this);
}

public sealed partial class WhereStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitWhereStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitWhereStep(this);
}

public sealed partial class WindowKindSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitWindowKind(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitWindowKind(this);
}

public sealed partial class WindowStepSyntax
{
    public override void Accept(SyntaxVisitor visitor) => visitor.VisitWindowStep(this);
    public override TResult Accept<TResult>(SyntaxVisitor<TResult> visitor) => visitor.VisitWindowStep(this);
}
