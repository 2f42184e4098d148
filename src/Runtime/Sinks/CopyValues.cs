using Npgsql;
using NpgsqlTypes;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Writes an already boxed value (a speed-layer row holds <c>object?</c>s) into a binary COPY through the
/// generic, synchronous <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/> of its own type: no
/// second boxing inside Npgsql and no awaited call per value (Npgsql buffers the COPY stream and flushes
/// when its buffer is full, so per-value async buys nothing).
/// </summary>
public static class CopyValues
{
    public static void Write(NpgsqlBinaryImporter writer, object? value, NpgsqlDbType type)
    {
        switch (value)
        {
            case null: writer.WriteNull(); break;
            case string text: writer.Write(text, type); break;
            case long number: writer.Write(number, type); break;
            case int number: writer.Write(number, type); break;
            case decimal number: writer.Write(number, type); break;
            case double number: writer.Write(number, type); break;
            case bool flag: writer.Write(flag, type); break;
            case DateTime time: writer.Write(time, type); break;
            case DateOnly date: writer.Write(date, type); break;
            default: writer.Write(value, type); break;
        }
    }

    /// <summary>One row of values, in the COPY's column order.</summary>
    public static void WriteRow(NpgsqlBinaryImporter writer, object?[] row, NpgsqlDbType[] types)
    {
        writer.StartRow();
        for (var i = 0; i < types.Length; i++) Write(writer, row[i], types[i]);
    }
}
