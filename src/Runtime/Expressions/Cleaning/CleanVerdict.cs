namespace Pulse.Runtime.Expressions.Cleaning;

public enum CleanAction { Keep, Drop, Quarantine }

/// <summary>What cleaning decided for one row: kept, or dropped/quarantined by <see cref="Rule"/> with a <see cref="Reason"/>.</summary>
public readonly record struct CleanVerdict(CleanAction Action, string? Rule, string? Reason)
{
    public static readonly CleanVerdict Keep = new(CleanAction.Keep, null, null);
}
