namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// A fact that needs the test PostgreSQL (<c>eval "$(scripts/postgres-start.sh)"</c> sets
/// PULSE_PG_URL). Without it the test is skipped, except under CI=true where it runs and fails.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PgTestDatabase.Url is null && !PgTestDatabase.IsCi)
            Skip = "PULSE_PG_URL is not set; run eval \"$(scripts/postgres-start.sh)\"";
    }
}

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PgTestDatabase.Url is null && !PgTestDatabase.IsCi)
            Skip = "PULSE_PG_URL is not set; run eval \"$(scripts/postgres-start.sh)\"";
    }
}
