using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Layered.Cli.Drill.Load;

/// <summary>
/// The drill's block: one array sector that says what it is, so a misplaced, stale or corrupt
/// sector is caught by looking at it. The block is the sector because a device promises no
/// more than sector atomicity: a crash may tear a write between sectors, never inside one.
/// </summary>
/// <remarks>
/// Layout (little-endian):
/// <code>
///   0  u32  magic "LDRL"
///   4  u32  crc32c of bytes [8, sectorSize)
///   8  u64  array sector the block was written to
///  16  u64  write generation of that sector (1, 2, ...; 0 is never written: an all-zero sector)
///  24  u64  run tag (from the seed), so a block left by another run is foreign
///  32  ...  payload: SplitMix64 words seeded by run tag, sector and generation
/// </code>
/// </remarks>
internal static class BlockFormat
{
    public const uint Magic = 0x4C52444C; // "LDRL"

    private const int HeaderBytes = 32;

    public static void Fill(Span<byte> block, long sector, long generation, ulong runTag)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block, Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], (ulong)sector);
        BinaryPrimitives.WriteUInt64LittleEndian(block[16..], (ulong)generation);
        BinaryPrimitives.WriteUInt64LittleEndian(block[24..], runTag);
        var words = MemoryMarshal.Cast<byte, ulong>(block[HeaderBytes..]);
        var state = runTag ^ (ulong)sector * 0x9E3779B97F4A7C15UL ^ (ulong)generation * 0xC2B2AE3D27D4EB4FUL;
        for (var i = 0; i < words.Length; i++)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            words[i] = z ^ (z >> 27);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], Checksum(block));
    }

    /// <summary>What a block read back holds. Checked on every read, in Release too.</summary>
    public static BlockContent Inspect(ReadOnlySpan<byte> block, ulong runTag)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(block) != Magic)
            return block.IndexOfAnyExcept((byte)0) < 0 ? BlockContent.Zero : new BlockContent(BlockState.Corrupt, -1, -1);
        var sector = (long)BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        var generation = (long)BinaryPrimitives.ReadUInt64LittleEndian(block[16..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(block[4..]) != Checksum(block)) return new BlockContent(BlockState.Corrupt, sector, generation);
        if (BinaryPrimitives.ReadUInt64LittleEndian(block[24..]) != runTag) return new BlockContent(BlockState.Foreign, sector, generation);
        return new BlockContent(BlockState.Written, sector, generation);
    }

    private static uint Checksum(ReadOnlySpan<byte> block)
    {
        var crc = ~0u;
        foreach (var word in MemoryMarshal.Cast<byte, ulong>(block[8..])) crc = BitOperations.Crc32C(crc, word);
        return ~crc;
    }
}
