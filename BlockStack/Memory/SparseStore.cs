using System.Collections.Concurrent;

namespace Layered.BlockStack.Memory;

/// <summary>
/// Byte-addressed storage that allocates only the chunks that were written, so a 1 TiB
/// device costs what has been written to it. Unwritten ranges read as zeros.
/// </summary>
public sealed class SparseStore(long sizeBytes)
{
    public const int ChunkBytes = 64 * 1024;

    private readonly ConcurrentDictionary<long, byte[]> _chunks = new();

    public long SizeBytes { get; } = sizeBytes;

    public long AllocatedBytes => (long)_chunks.Count * ChunkBytes;

    public void Read(long offsetBytes, Span<byte> target)
    {
        while (!target.IsEmpty)
        {
            var (index, within, take) = Locate(offsetBytes, target.Length);
            if (_chunks.TryGetValue(index, out var chunk)) chunk.AsSpan(within, take).CopyTo(target);
            else target[..take].Clear();
            target = target[take..];
            offsetBytes += take;
        }
    }

    public void Write(long offsetBytes, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var (index, within, take) = Locate(offsetBytes, source.Length);
            var chunk = _chunks.GetOrAdd(index, static _ => new byte[ChunkBytes]);
            source[..take].CopyTo(chunk.AsSpan(within));
            source = source[take..];
            offsetBytes += take;
        }
    }

    /// <summary>Returns a range to zeros, giving back whole chunks.</summary>
    public void Zero(long offsetBytes, long lengthBytes)
    {
        while (lengthBytes > 0)
        {
            var (index, within, take) = Locate(offsetBytes, (int)Math.Min(lengthBytes, ChunkBytes));
            if (take == ChunkBytes) _chunks.TryRemove(index, out _);
            else if (_chunks.TryGetValue(index, out var chunk)) chunk.AsSpan(within, take).Clear();
            offsetBytes += take;
            lengthBytes -= take;
        }
    }

    private static (long Index, int Within, int Take) Locate(long offsetBytes, int length)
    {
        var index = offsetBytes / ChunkBytes;
        var within = (int)(offsetBytes % ChunkBytes);
        return (index, within, Math.Min(length, ChunkBytes - within));
    }
}
