using System.Buffers.Binary;

namespace Layered.TestKit.Contracts;

/// <summary>
/// Self-identifying sector contents: every sector carries its own number and a stamp, so a
/// wrong, stale or misplaced sector is caught by looking at it.
/// </summary>
public static class Patterns
{
    public static void Fill(Span<byte> target, long firstSector, int sectorSize, ulong stamp)
    {
        for (var i = 0; i < target.Length / sectorSize; i++)
        {
            var sector = target.Slice(i * sectorSize, sectorSize);
            var word = (ulong)(firstSector + i) * 0x9E3779B97F4A7C15UL ^ stamp;
            for (var j = 0; j < sectorSize; j += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(sector[j..], word);
                word = word * 6364136223846793005UL + 1442695040888963407UL;
            }
        }
    }

    /// <summary>The first sector that does not hold the expected pattern, or -1.</summary>
    public static long FirstMismatch(ReadOnlySpan<byte> actual, long firstSector, int sectorSize, ulong stamp)
    {
        Span<byte> expected = stackalloc byte[sectorSize];
        for (var i = 0; i < actual.Length / sectorSize; i++)
        {
            Fill(expected, firstSector + i, sectorSize, stamp);
            if (!actual.Slice(i * sectorSize, sectorSize).SequenceEqual(expected)) return firstSector + i;
        }
        return -1;
    }
}
