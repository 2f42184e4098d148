using System.Collections.Immutable;

namespace Pulse.Targets.Postgres.Planning;

public enum ChangeKind
{
    CreateSchema, CreateTable, DropTable, AddColumn, DropColumn, AlterColumnType, SetNotNull, DropNotNull,
    ChangePrimaryKey, AddIndex, DropIndex, AddCheck, DropCheck, CreateView, ReplaceView, DropView,
}

/// <summary>
/// The order statements run in inside a migration, whichever change they belong to: views that
/// depend on a table are dropped before it changes and created after; constraints go before the
/// columns they use are dropped and come back after the columns they need exist.
/// </summary>
public enum MigrationPhase
{
    DropViews, DropConstraints, DropPrimaryKeys, DropColumns, CreateSchemas, CreateTables, AddColumns,
    AlterTypes, Nullability, AddPrimaryKeys, AddConstraints, CreateViews, Comments, Grants,
}

public sealed record PlannedStatement(MigrationPhase Phase, string Sql);

/// <summary>
/// One difference between the previous and the desired schema. <see cref="Destructive"/> changes can
/// lose data or fail on existing rows; <see cref="Explanation"/> says why it was classified so.
/// </summary>
public sealed record SchemaChange(ChangeKind Kind, bool Destructive, string Subject, string Description, string Explanation,
    ImmutableArray<PlannedStatement> Statements, string Slug)
{
    public string Safety => Destructive ? "destructive" : "safe";
    public override string ToString() => $"[{Safety}] {Description}";
}

public sealed record PlanOptions(bool AllowDestructive = false, int? MigrationNumber = null);

/// <summary>
/// What <see cref="PostgresPlanner.Plan"/> decided. <see cref="Migration"/> is null when nothing
/// changed or when destructive changes were refused; <see cref="NewState"/> is the state to record
/// once the migration is applied (the previous one when refused).
/// </summary>
public sealed record PlanResult(ImmutableArray<SchemaChange> Changes, Common.GeneratedFile? Migration, SchemaState NewState,
    bool Refused, string Explanation)
{
    public bool HasChanges => !Changes.IsEmpty;
    public ImmutableArray<SchemaChange> DestructiveChanges => Changes.Where(c => c.Destructive).ToImmutableArray();
}
