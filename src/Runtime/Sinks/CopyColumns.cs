using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Moves the rows of a DuckDB result into a PostgreSQL binary COPY, one typed copier per column chosen once
/// from the column's IR type and the type DuckDB actually returns: a typed getter (<c>GetInt64</c>,
/// <c>GetString</c>, ...) and the generic, synchronous <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/>
/// with the exact <see cref="NpgsqlDbType"/>. Nothing is boxed per value and nothing is awaited per value
/// (Npgsql buffers the COPY stream and flushes it when the buffer is full). A column whose DuckDB type is
/// not one of the expected ones falls back to <c>GetValue</c>, which is slower but writes the same.
/// </summary>
public static class CopyColumns
{
    public delegate void Copier(DbDataReader reader, NpgsqlBinaryImporter writer);

    public static Copier[] For(DbDataReader reader, ImmutableArray<Column> columns) =>
        [.. columns.Select((column, i) => For(reader.GetFieldType(i), column.Type, i))];

    /// <summary>Copies every row of <paramref name="reader"/>; returns how many.</summary>
    public static long CopyAll(DbDataReader reader, NpgsqlBinaryImporter writer, ImmutableArray<Column> columns, CancellationToken cancellation)
    {
        var copiers = For(reader, columns);
        long rows = 0;
        while (reader.Read())
        {
            writer.StartRow();
            foreach (var copy in copiers) copy(reader, writer);
            if (++rows % 65_536 == 0) cancellation.ThrowIfCancellationRequested();
        }
        return rows;
    }

    private static Copier For(Type field, PulseType type, int i)
    {
        var db = PostgresTypes.Copy(type);
        var copy = Typed(field, type.Kind, db, i) ?? Boxed(type.Kind, db, i);
        return (reader, writer) =>
        {
            if (reader.IsDBNull(i)) writer.WriteNull();
            else copy(reader, writer);
        };
    }

    private static Copier? Typed(Type field, TypeKind kind, NpgsqlDbType db, int i) => kind switch
    {
        TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record when field == typeof(string) => (r, w) => w.Write(r.GetString(i), db),
        TypeKind.Long when field == typeof(long) => (r, w) => w.Write(r.GetInt64(i), db),
        TypeKind.Long when field == typeof(int) => (r, w) => w.Write((long)r.GetInt32(i), db),
        TypeKind.Int when field == typeof(int) => (r, w) => w.Write(r.GetInt32(i), db),
        TypeKind.Int when field == typeof(long) => (r, w) => w.Write(checked((int)r.GetInt64(i)), db),
        TypeKind.Double when field == typeof(double) => (r, w) => w.Write(r.GetDouble(i), db),
        TypeKind.Double when field == typeof(float) => (r, w) => w.Write((double)r.GetFloat(i), db),
        TypeKind.Decimal when field == typeof(decimal) => (r, w) => w.Write(r.GetDecimal(i), db),
        TypeKind.Bool when field == typeof(bool) => (r, w) => w.Write(r.GetBoolean(i), db),
        TypeKind.Date when field == typeof(DateOnly) => (r, w) => w.Write(r.GetFieldValue<DateOnly>(i), db),
        TypeKind.Date when field == typeof(DateTime) => (r, w) => w.Write(DateOnly.FromDateTime(r.GetDateTime(i)), db),
        // DuckDB keeps timestamps as plain TIMESTAMP holding UTC; timestamptz needs the kind said.
        TypeKind.Timestamp when field == typeof(DateTime) => (r, w) => w.Write(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc), db),
        TypeKind.Timestamp when field == typeof(DateTimeOffset) => (r, w) => w.Write(r.GetFieldValue<DateTimeOffset>(i).UtcDateTime, db),
        _ => null,
    };

    /// <summary>The general path: whatever DuckDB returns (a SMALLINT, a HUGEINT, ...), converted to what the column's IR type writes.</summary>
    private static Copier Boxed(TypeKind kind, NpgsqlDbType db, int i) => (reader, writer) =>
    {
        var value = reader.GetValue(i);
        value = value switch
        {
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            DateTimeOffset time => time.UtcDateTime,
            IConvertible when kind == TypeKind.Long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            IConvertible when kind == TypeKind.Int => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            IConvertible when kind == TypeKind.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            IConvertible when kind == TypeKind.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            _ => value,
        };
        CopyValues.Write(writer, value, db);
    };
}
