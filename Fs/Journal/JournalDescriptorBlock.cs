using System.Buffers.Binary;
using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// A descriptor: which record it belongs to (log id, sequence, transaction) and the home
/// addresses of the images that follow it. A record of n images has max(1, ⌈n / per block⌉)
/// descriptors, each followed by its images. Layout: docs/format-journal.md, "Descriptor".
/// </summary>
internal readonly record struct JournalDescriptorBlock(ulong LogId, ulong Sequence, ulong Transaction, int TotalEntries, int Index, int Count)
{
    private const int LogIdOffset = 64;
    private const int SequenceOffset = 72;
    private const int TotalOffset = 80;
    private const int IndexOffset = 84;
    private const int CountOffset = 88;
    private const int HomesOffset = 96;

    public static int EntriesPerBlock(int blockSize) => (blockSize - HomesOffset) / sizeof(ulong);

    public static BlockAddress Home(ReadOnlySpan<byte> block, int i) =>
        BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(block[(HomesOffset + i * sizeof(ulong))..]));

    public void Write(Span<byte> block, BlockAddress address, Guid fsId, ReadOnlySpan<JournalEntry> entries)
    {
        block.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(block[LogIdOffset..], LogId);
        BinaryPrimitives.WriteUInt64LittleEndian(block[SequenceOffset..], Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(block[TotalOffset..], TotalEntries);
        BinaryPrimitives.WriteInt32LittleEndian(block[IndexOffset..], Index);
        BinaryPrimitives.WriteInt32LittleEndian(block[CountOffset..], Count);
        for (var i = 0; i < entries.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(block[(HomesOffset + i * sizeof(ulong))..], entries[i].Home.Pack());
        MetadataHeader.Seal(block, MetadataKind.JournalDescriptor, address, fsId, 0, Transaction);
    }

    /// <summary>
    /// Whether a block that fails its check was meant as the descriptor of record
    /// <paramref name="sequence"/> of log <paramref name="logId"/> at <paramref name="address"/>:
    /// the header fields and record identity are right, so only its checksum can have failed. Such a
    /// block is a torn or damaged record, not the end of the log.
    /// </summary>
    public static bool LooksLike(ReadOnlySpan<byte> block, BlockAddress address, Guid fsId, ulong logId, ulong sequence) =>
        block.Length >= HomesOffset
        && BinaryPrimitives.ReadUInt32LittleEndian(block) == MetadataHeader.Magic
        && BinaryPrimitives.ReadUInt16LittleEndian(block[4..]) == (ushort)MetadataKind.JournalDescriptor
        && BinaryPrimitives.ReadUInt64LittleEndian(block[16..]) == address.Pack()
        && new Guid(block.Slice(24, 16), bigEndian: true) == fsId
        && BinaryPrimitives.ReadUInt64LittleEndian(block[LogIdOffset..]) == logId
        && BinaryPrimitives.ReadUInt64LittleEndian(block[SequenceOffset..]) == sequence;

    /// <summary>Parses the descriptor at log block <paramref name="address"/>; returns null when it is sound, else what is wrong.</summary>
    public static string? TryRead(ReadOnlySpan<byte> block, BlockAddress address, Guid fsId, out JournalDescriptorBlock descriptor)
    {
        descriptor = default;
        if (MetadataHeader.Verify(block, MetadataKind.JournalDescriptor, address, fsId) is { } error) return error;
        var parsed = new JournalDescriptorBlock(
            BinaryPrimitives.ReadUInt64LittleEndian(block[LogIdOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(block[SequenceOffset..]),
            MetadataHeader.Transaction(block),
            BinaryPrimitives.ReadInt32LittleEndian(block[TotalOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(block[IndexOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(block[CountOffset..]));
        if (parsed.TotalEntries < 0 || parsed.Index < 0 || parsed.Count < 0 || parsed.Count > EntriesPerBlock(block.Length))
            return $"descriptor {address} has impossible counts (total {parsed.TotalEntries}, index {parsed.Index}, count {parsed.Count})";
        descriptor = parsed;
        return null;
    }
}
