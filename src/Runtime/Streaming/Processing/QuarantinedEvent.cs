namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// An event the speed layer set aside: where it came from (topic, partition, offset), the rule that
/// rejected it (<c>_malformed</c> for events that could not be read, <c>_late</c> for events behind the
/// watermark of a view with <c>late quarantine</c>, else the expectation's name), why, and the event as
/// it arrived.
/// </summary>
public sealed record QuarantinedEvent(string Source, string Topic, int Partition, long Offset, string Rule, string Reason, string Event, string? View = null);
