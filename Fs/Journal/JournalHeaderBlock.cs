using System.Buffers.Binary;
using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// The journal header: where the live log begins, the sequence number its first record must
/// carry, the log id every live record carries, and the last transaction ever committed (in
/// the metadata header's transaction field). Generation g is stored in copy g mod 2, so the copy
/// being overwritten is never the one in force. Layout: docs/format-journal.md, "Header".
/// </summary>
internal readonly record struct JournalHeaderBlock(ulong Generation, ulong LogId, long Head, ulong HeadSequence, ulong LastTransaction)
{
    private const int GenerationOffset = 64;
    private const int LogIdOffset = 72;
    private const int BlocksOffset = 80;
    private const int BlockSizeOffset = 88;
    private const int HeadOffset = 96;
    private const int HeadSequenceOffset = 104;

    public int Copy => (int)(Generation % JournalGeometry.HeaderCopies);

    /// <summary>The header that follows this one: a new log id, so no block written under this one can pass as live.</summary>
    public JournalHeaderBlock Next(long head, ulong headSequence, ulong lastTransaction) =>
        new(Generation + 1, NewLogId(), head, headSequence, lastTransaction);

    public static ulong NewLogId()
    {
        ulong id;
        do id = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue); while (id == 0);
        return id;
    }

    public void Write(Span<byte> block, JournalGeometry geometry)
    {
        block.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(block[GenerationOffset..], Generation);
        BinaryPrimitives.WriteUInt64LittleEndian(block[LogIdOffset..], LogId);
        BinaryPrimitives.WriteInt64LittleEndian(block[BlocksOffset..], geometry.Blocks);
        BinaryPrimitives.WriteInt32LittleEndian(block[BlockSizeOffset..], geometry.BlockSize);
        BinaryPrimitives.WriteInt64LittleEndian(block[HeadOffset..], Head);
        BinaryPrimitives.WriteUInt64LittleEndian(block[HeadSequenceOffset..], HeadSequence);
        MetadataHeader.Seal(block, MetadataKind.JournalHeader, geometry.HeaderAddress(Copy), geometry.FsId, 0, LastTransaction);
    }

    /// <summary>Parses header copy <paramref name="copy"/>; returns null when it is sound, else what is wrong. Never throws on garbage.</summary>
    public static string? TryRead(ReadOnlySpan<byte> block, JournalGeometry geometry, int copy, out JournalHeaderBlock header)
    {
        header = default;
        var address = geometry.HeaderAddress(copy);
        if (MetadataHeader.Verify(block, MetadataKind.JournalHeader, address, geometry.FsId) is { } error) return error;
        var blocks = BinaryPrimitives.ReadInt64LittleEndian(block[BlocksOffset..]);
        if (blocks != geometry.Blocks) return $"journal header {address} describes {blocks} blocks, but the journal has {geometry.Blocks}";
        var blockSize = BinaryPrimitives.ReadInt32LittleEndian(block[BlockSizeOffset..]);
        if (blockSize != geometry.BlockSize) return $"journal header {address} has block size {blockSize}, expected {geometry.BlockSize}";
        var parsed = new JournalHeaderBlock(
            BinaryPrimitives.ReadUInt64LittleEndian(block[GenerationOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(block[LogIdOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(block[HeadOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(block[HeadSequenceOffset..]),
            MetadataHeader.Transaction(block));
        if (parsed.Copy != copy) return $"journal header {address} holds generation {parsed.Generation}, which belongs in the other copy";
        if (parsed.Head < 0 || parsed.Head >= geometry.LogBlocks) return $"journal header {address} starts the log at {parsed.Head}, outside its {geometry.LogBlocks} blocks";
        if (parsed.LogId == 0) return $"journal header {address} has no log id";
        header = parsed;
        return null;
    }
}
