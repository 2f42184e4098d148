using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Short names for Pulse types in hand-built IR.</summary>
public static class T
{
    public static readonly PulseType String = PulseType.String;
    public static readonly PulseType Int = PulseType.Int;
    public static readonly PulseType Long = PulseType.Long;
    public static readonly PulseType Double = PulseType.Double;
    public static readonly PulseType Bool = PulseType.Bool;
    public static readonly PulseType Date = PulseType.Date;
    public static readonly PulseType Timestamp = PulseType.Timestamp;
    public static readonly PulseType Json = PulseType.Json;
    public static PulseType Decimal(int p, int s) => PulseType.Decimal(p, s);
    public static PulseType Opt(PulseType t) => t.AsNullable();
    public static PulseType List(PulseType t) => PulseType.ListOf(t);
    public static PulseType Record(params (string Name, PulseType Type)[] fields) => PulseType.RecordOf(fields.Select(f => new FieldType(f.Name, f.Type)));
}
