using System.Text;

namespace Pulse.Runtime.Streaming.State;

/// <summary>
/// Writes speed-layer state (open windows, key memories, watermarks) as compact tagged binary, so a
/// snapshot can be stored next to the results and offsets it belongs to, in the same transaction.
/// </summary>
public sealed class StateWriter : IDisposable
{
    private readonly MemoryStream stream = new();
    private readonly BinaryWriter writer;

    public StateWriter() => writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);

    public void Write(long value) => writer.Write(value);
    public void Write(int value) => writer.Write(value);
    public void Write(bool value) => writer.Write(value);
    public void Write(string value) => writer.Write(value);

    /// <summary>One row value, tagged with its type.</summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null: writer.Write((byte)ValueTag.Null); break;
            case string s: writer.Write((byte)ValueTag.String); writer.Write(s); break;
            case int i: writer.Write((byte)ValueTag.Int); writer.Write(i); break;
            case long l: writer.Write((byte)ValueTag.Long); writer.Write(l); break;
            case double d: writer.Write((byte)ValueTag.Double); writer.Write(d); break;
            case decimal m: writer.Write((byte)ValueTag.Decimal); writer.Write(m); break;
            case bool b: writer.Write((byte)ValueTag.Bool); writer.Write(b); break;
            case DateOnly date: writer.Write((byte)ValueTag.Date); writer.Write(date.DayNumber); break;
            case DateTime time: writer.Write((byte)ValueTag.Timestamp); writer.Write(time.Ticks); break;
            case TimeSpan span: writer.Write((byte)ValueTag.Duration); writer.Write(span.Ticks); break;
            default: throw new NotSupportedException($"cannot snapshot a value of type {value.GetType().Name}");
        }
    }

    public void WriteValues(object?[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values) WriteValue(value);
    }

    public byte[] ToArray()
    {
        writer.Flush();
        return stream.ToArray();
    }

    public void Dispose()
    {
        writer.Dispose();
        stream.Dispose();
    }
}

internal enum ValueTag : byte { Null, String, Int, Long, Double, Decimal, Bool, Date, Timestamp, Duration }

/// <summary>Reads what <see cref="StateWriter"/> wrote, in the same order.</summary>
public sealed class StateReader(byte[] data) : IDisposable
{
    private readonly BinaryReader reader = new(new MemoryStream(data), Encoding.UTF8);

    public long ReadLong() => reader.ReadInt64();
    public int ReadInt() => reader.ReadInt32();
    public bool ReadBool() => reader.ReadBoolean();
    public string ReadString() => reader.ReadString();

    public object? ReadValue() => (ValueTag)reader.ReadByte() switch
    {
        ValueTag.Null => null,
        ValueTag.String => reader.ReadString(),
        ValueTag.Int => reader.ReadInt32(),
        ValueTag.Long => reader.ReadInt64(),
        ValueTag.Double => reader.ReadDouble(),
        ValueTag.Decimal => reader.ReadDecimal(),
        ValueTag.Bool => reader.ReadBoolean(),
        ValueTag.Date => DateOnly.FromDayNumber(reader.ReadInt32()),
        ValueTag.Timestamp => new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
        ValueTag.Duration => new TimeSpan(reader.ReadInt64()),
        var tag => throw new InvalidDataException($"unknown value tag {tag} in a speed-layer snapshot"),
    };

    public object?[] ReadValues()
    {
        var values = new object?[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = ReadValue();
        return values;
    }

    public void Dispose() => reader.Dispose();
}
