namespace Layered.Fs.Tests.Model;

/// <summary>The oracle's contents of one file: a size and 4 KiB chunks; bytes in no chunk are zero.</summary>
internal sealed class SparseBytes
{
    public const int ChunkBytes = 4096;

    private readonly SortedDictionary<long, byte[]> _chunks = [];

    public long Size { get; private set; }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        var done = 0;
        while (done < data.Length)
        {
            var at = offset + done;
            var index = at / ChunkBytes;
            var within = (int)(at % ChunkBytes);
            var take = Math.Min(ChunkBytes - within, data.Length - done);
            if (!_chunks.TryGetValue(index, out var chunk)) _chunks[index] = chunk = new byte[ChunkBytes];
            data.Slice(done, take).CopyTo(chunk.AsSpan(within));
            done += take;
        }
        Size = Math.Max(Size, offset + data.Length);
    }

    /// <summary>Fills <paramref name="into"/> with the bytes at <paramref name="offset"/>, ignoring the size.</summary>
    public void Read(long offset, Span<byte> into)
    {
        into.Clear();
        var done = 0;
        while (done < into.Length)
        {
            var at = offset + done;
            var index = at / ChunkBytes;
            var within = (int)(at % ChunkBytes);
            var take = Math.Min(ChunkBytes - within, into.Length - done);
            if (_chunks.TryGetValue(index, out var chunk)) chunk.AsSpan(within, take).CopyTo(into[done..]);
            done += take;
        }
    }

    /// <summary>Makes [offset, offset+length) zero; the size does not change.</summary>
    public void Zero(long offset, long length)
    {
        var end = offset + length;
        foreach (var index in _chunks.Keys.Where(k => k * ChunkBytes < end && (k + 1) * ChunkBytes > offset).ToList())
        {
            var chunkStart = index * ChunkBytes;
            var from = Math.Max(offset, chunkStart);
            var to = Math.Min(end, chunkStart + ChunkBytes);
            if (from == chunkStart && to == chunkStart + ChunkBytes) _chunks.Remove(index);
            else _chunks[index].AsSpan((int)(from - chunkStart), (int)(to - from)).Clear();
        }
    }

    public void SetSize(long size)
    {
        if (size < Size) Zero(size, Size - size);
        Size = size;
    }

    public void Extend(long size) => Size = Math.Max(Size, size);

    /// <summary>Chunk-sized ranges that hold a nonzero byte, clipped to the size.</summary>
    public IEnumerable<(long Offset, int Length)> NonZeroRanges() =>
        _chunks.Where(c => c.Value.AsSpan().IndexOfAnyExcept((byte)0) >= 0 && c.Key * ChunkBytes < Size)
            .Select(c => (c.Key * ChunkBytes, (int)Math.Min(ChunkBytes, Size - c.Key * ChunkBytes)));
}
