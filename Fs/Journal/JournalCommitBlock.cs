using System.Buffers.Binary;
using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// The block that makes a record count: it names the record and carries a crc32c over every
/// descriptor and image before it, so a record with any block torn, lost or stale is refused
/// as a whole. Layout: docs/format-journal.md, "Commit".
/// </summary>
internal readonly record struct JournalCommitBlock(ulong LogId, ulong Sequence, ulong Transaction, int Entries, int Descriptors, uint RecordCrc)
{
    private const int LogIdOffset = 64;
    private const int SequenceOffset = 72;
    private const int EntriesOffset = 80;
    private const int DescriptorsOffset = 84;
    private const int RecordCrcOffset = 88;

    public void Write(Span<byte> block, BlockAddress address, Guid fsId)
    {
        block.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(block[LogIdOffset..], LogId);
        BinaryPrimitives.WriteUInt64LittleEndian(block[SequenceOffset..], Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(block[EntriesOffset..], Entries);
        BinaryPrimitives.WriteInt32LittleEndian(block[DescriptorsOffset..], Descriptors);
        BinaryPrimitives.WriteUInt32LittleEndian(block[RecordCrcOffset..], RecordCrc);
        MetadataHeader.Seal(block, MetadataKind.JournalCommit, address, fsId, 0, Transaction);
    }

    public static string? TryRead(ReadOnlySpan<byte> block, BlockAddress address, Guid fsId, out JournalCommitBlock commit)
    {
        commit = default;
        if (MetadataHeader.Verify(block, MetadataKind.JournalCommit, address, fsId) is { } error) return error;
        commit = new JournalCommitBlock(
            BinaryPrimitives.ReadUInt64LittleEndian(block[LogIdOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(block[SequenceOffset..]),
            MetadataHeader.Transaction(block),
            BinaryPrimitives.ReadInt32LittleEndian(block[EntriesOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(block[DescriptorsOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[RecordCrcOffset..]));
        return null;
    }
}
