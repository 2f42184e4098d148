namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// What happened to a source's events. <c>Read == Malformed + Kept + Dropped + Quarantined</c> (quarantined
/// by expectations or failed casts; malformed events are quarantined too but counted on their own).
/// </summary>
public sealed class SourceCounters
{
    public long Read;
    public long Parsed;
    public long Malformed;
    public long Kept;
    public long Dropped;
    public long Quarantined;

    public SourceCounters Copy() => (SourceCounters)MemberwiseClone();
}

/// <summary>What one speed view did with the kept events it saw.</summary>
public sealed class ViewCounters
{
    public long Events;
    public long Filtered;
    public long Late;
    public long LateDropped;
    public long LateQuarantined;
    public long LateLeftToBatch;
    public long WithoutTime;
    public long WindowsEmitted;
    public long RowsEmitted;

    public ViewCounters Copy() => (ViewCounters)MemberwiseClone();
}
