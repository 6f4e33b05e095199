using System.Buffers.Binary;

namespace Layered.Fs.DirectIo.Safety;

/// <summary>
/// The 8-byte word the truncate-race workload fills its blocks with. Every word of a block
/// repeats it, so a torn or misdirected transfer shows up at whatever word it reaches:
/// <c>kind (8 bits) | file (8) | block index (16) | generation (32)</c>, little-endian.
/// A zero word is never a tag (the kinds are non-zero), so holes stay recognisable.
/// </summary>
public readonly record struct BlockTag(byte Kind, byte File, ushort Block, uint Generation)
{
    /// <summary>Written by direct sessions into the race's target files.</summary>
    public const byte Target = 0xA5;

    /// <summary>Written through the filesystem into scratch files that reuse freed blocks.</summary>
    public const byte Scratch = 0x5C;

    public ulong Word => (ulong)Kind << 56 | (ulong)File << 48 | (ulong)Block << 32 | Generation;

    public static BlockTag FromWord(ulong word) => new((byte)(word >> 56), (byte)(word >> 48), (ushort)(word >> 32), (uint)word);

    public void Fill(Span<byte> block)
    {
        var word = Word;
        for (var at = 0; at + 8 <= block.Length; at += 8) BinaryPrimitives.WriteUInt64LittleEndian(block[at..], word);
    }

    /// <summary>The words of a block that differ from its first word, in order; most blocks have none.</summary>
    public static IEnumerable<ulong> DistinctWords(ReadOnlyMemory<byte> block)
    {
        var first = BinaryPrimitives.ReadUInt64LittleEndian(block.Span);
        yield return first;
        var seen = new HashSet<ulong> { first };
        for (var at = 8; at + 8 <= block.Length; at += 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(block.Span[at..]);
            if (word != first && seen.Add(word)) yield return word;
        }
    }

    public override string ToString() => Kind switch
    {
        Target => $"target f{File} block {Block} gen {Generation}",
        Scratch => $"scratch s{Generation} block {Block}",
        _ => $"foreign word 0x{Word:x16}",
    };
}
