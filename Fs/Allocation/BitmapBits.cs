using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Layered.Fs.Allocation;

/// <summary>
/// Bit operations on the body of a bitmap block. Bit i is bit (i mod 8) of byte (i div 8), so
/// the little-endian 64-bit word w holds bits 64w to 64w+63 (docs/format-bitmap.md). Bodies are
/// a whole number of words long, which lets searches skip all-0 or all-1 words with a
/// vectorized scan instead of testing bits.
/// </summary>
internal static class BitmapBits
{
    public static bool Get(ReadOnlySpan<byte> bits, int index) => (bits[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>The first set bit in [<paramref name="from"/>, <paramref name="limit"/>), or <paramref name="limit"/>.</summary>
    public static int NextSet(ReadOnlySpan<byte> bits, int from, int limit) => NextDiffering(bits, from, limit, 0UL);

    /// <summary>The first clear bit in [<paramref name="from"/>, <paramref name="limit"/>), or <paramref name="limit"/>.</summary>
    public static int NextClear(ReadOnlySpan<byte> bits, int from, int limit) => NextDiffering(bits, from, limit, ~0UL);

    public static int Next(ReadOnlySpan<byte> bits, int from, int limit, bool value) =>
        value ? NextSet(bits, from, limit) : NextClear(bits, from, limit);

    /// <summary>Sets or clears <paramref name="count"/> bits from <paramref name="start"/>.</summary>
    public static void Fill(Span<byte> bits, int start, int count, bool value)
    {
        Debug.Assert(start >= 0 && count >= 0 && start + count <= bits.Length * 8, $"bits [{start}, +{count}) outside {bits.Length} bytes");
        var end = start + count;
        for (; start < end && (start & 7) != 0; start++) Put(bits, start, value);
        var wholeBytes = (end - start) >> 3;
        bits.Slice(start >> 3, wholeBytes).Fill(value ? (byte)0xFF : (byte)0);
        for (start += wholeBytes << 3; start < end; start++) Put(bits, start, value);
    }

    private static void Put(Span<byte> bits, int index, bool value)
    {
        if (value) bits[index >> 3] |= (byte)(1 << (index & 7));
        else bits[index >> 3] &= (byte)~(1 << (index & 7));
    }

    // Skipped words are compared whole against all-0 or all-1, which needs no byte swapping;
    // only the word where the answer lies is read as little-endian to count bits in it.
    private static int NextDiffering(ReadOnlySpan<byte> bits, int from, int limit, ulong skip)
    {
        Debug.Assert(bits.Length % sizeof(ulong) == 0, $"bitmap body of {bits.Length} bytes is not whole words");
        Debug.Assert(limit <= bits.Length * 8, $"limit {limit} past {bits.Length} bytes");
        if (from >= limit) return limit;
        var words = MemoryMarshal.Cast<byte, ulong>(bits)[..((limit + 63) >> 6)];
        var w = from >> 6;
        var differing = (Word(words, w) ^ skip) & (~0UL << (from & 63));
        if (differing == 0)
        {
            var next = words[(w + 1)..].IndexOfAnyExcept(skip);
            if (next < 0) return limit;
            w += 1 + next;
            differing = Word(words, w) ^ skip;
        }
        return Math.Min(limit, (w << 6) + BitOperations.TrailingZeroCount(differing));
    }

    private static ulong Word(ReadOnlySpan<ulong> words, int index) =>
        BitConverter.IsLittleEndian ? words[index] : BinaryPrimitives.ReverseEndianness(words[index]);
}
