namespace Pulse.Runtime.Streaming.Kafka;

/// <summary>
/// Kafka's murmur2 key hash (the Java client's, and librdkafka's <c>murmur2</c> partitioner): lets the local
/// replay know which partition each key lands in before it writes anything.
/// </summary>
public static class Murmur2
{
    public static int Hash(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var whole = length / 4;
        for (var i = 0; i < whole; i++)
        {
            var k = (uint)(data[i * 4] | data[i * 4 + 1] << 8 | data[i * 4 + 2] << 16 | data[i * 4 + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }
        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }

    /// <summary>The partition of a keyed message among <paramref name="partitions"/> (murmur2, positive, modulo).</summary>
    public static int Partition(ReadOnlySpan<byte> key, int partitions) => (Hash(key) & 0x7fffffff) % partitions;
}
