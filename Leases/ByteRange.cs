namespace Layered.Leases;

/// <summary>A half-open byte range <c>[Offset, End)</c>; <c>End == long.MaxValue</c> means "to the end of the file".</summary>
internal readonly record struct ByteRange(long Offset, long End)
{
    public long Length => End - Offset;

    public static ByteRange Create(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        // Callers ask for "to infinity" as long.MaxValue - offset; anything longer is a bug upstream.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, long.MaxValue - offset);
        return new ByteRange(offset, offset + length);
    }

    public bool Overlaps(ByteRange other) => Offset < other.End && other.Offset < End;

    public override string ToString() => End == long.MaxValue ? $"[{Offset}, end)" : $"[{Offset}, {End})";
}
