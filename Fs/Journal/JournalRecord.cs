using Layered.BlockStack.Buffers;
using Layered.BlockStack.Integrity;
using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// One transaction as it sits in the log: descriptors, each followed by the images it lists,
/// then the commit block, at consecutive log positions (wrapping at the end of the log). The
/// whole record is staged in one aligned buffer so it goes to the device in as few writes as
/// possible. Layout: docs/format-journal.md, "Records".
/// </summary>
internal sealed class JournalRecord : IDisposable
{
    private readonly AlignedMemory _buffer;

    private JournalRecord(AlignedMemory buffer, int blocks, long position, ulong sequence, ulong transaction, JournalEntry[] entries)
    {
        _buffer = buffer;
        Blocks = blocks;
        Position = position;
        Sequence = sequence;
        Transaction = transaction;
        Entries = entries;
    }

    public long Position { get; }
    public ulong Sequence { get; }
    public ulong Transaction { get; }

    /// <summary>The images, in commit order, as slices of the record's buffer.</summary>
    public JournalEntry[] Entries { get; }

    /// <summary>Log blocks the record takes: descriptors, images and the commit block.</summary>
    public int Blocks { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.Memory;

    public static int DescriptorCount(int entries, int perBlock) => Math.Max(1, (entries + perBlock - 1) / perBlock);

    public static long BlockCount(int entries, int perBlock) => (long)entries + DescriptorCount(entries, perBlock) + 1;

    // Descriptor i is followed by its images, so entry j sits after j / perBlock + 1 descriptors.
    private static int EntryBlock(int j, int perBlock) => j + j / perBlock + 1;

    private static int DescriptorBlock(int i, int perBlock) => i * (perBlock + 1);

    public static JournalRecord Encode(JournalGeometry geometry, long position, ulong logId, ulong sequence, ulong transaction, IReadOnlyList<JournalEntry> entries)
    {
        var blockSize = geometry.BlockSize;
        var perBlock = JournalDescriptorBlock.EntriesPerBlock(blockSize);
        var descriptors = DescriptorCount(entries.Count, perBlock);
        var blocks = (int)BlockCount(entries.Count, perBlock);
        var buffer = new AlignedMemory(checked(blocks * blockSize));
        var span = buffer.Span;
        var all = entries.ToArray();
        var placed = new JournalEntry[all.Length];
        for (var j = 0; j < all.Length; j++)
        {
            var at = EntryBlock(j, perBlock) * blockSize;
            all[j].Image.Span.CopyTo(span.Slice(at, blockSize));
            placed[j] = new JournalEntry(all[j].Home, buffer.Memory.Slice(at, blockSize));
        }
        for (var i = 0; i < descriptors; i++)
        {
            var first = i * perBlock;
            var count = Math.Min(perBlock, all.Length - first);
            var block = DescriptorBlock(i, perBlock);
            new JournalDescriptorBlock(logId, sequence, transaction, all.Length, i, count)
                .Write(span.Slice(block * blockSize, blockSize), Address(geometry, position, block), geometry.FsId, all.AsSpan(first, count));
        }
        var crc = Crc32C.Compute(span[..((blocks - 1) * blockSize)]);
        new JournalCommitBlock(logId, sequence, transaction, all.Length, descriptors, crc)
            .Write(span[((blocks - 1) * blockSize)..], Address(geometry, position, blocks - 1), geometry.FsId);
        return new JournalRecord(buffer, blocks, position, sequence, transaction, placed);
    }

    /// <summary>
    /// Checks a whole record read into <paramref name="buffer"/> (which it then owns) against its
    /// first descriptor: every descriptor and the commit name the same record, every home passes
    /// <paramref name="checkHome"/>, and the commit's crc matches. Returns null and the record, or
    /// what is wrong (and disposes the buffer).
    /// </summary>
    public static string? Decode(AlignedMemory buffer, JournalGeometry geometry, long position, JournalDescriptorBlock first,
        Func<BlockAddress, string?> checkHome, out JournalRecord? record)
    {
        record = null;
        var problem = DecodeCore(buffer, geometry, position, first, checkHome, out var entries);
        if (problem is not null)
        {
            buffer.Dispose();
            return $"transaction {first.Transaction} (sequence {first.Sequence}) at log block {position}: {problem}";
        }
        record = new JournalRecord(buffer, buffer.Length / geometry.BlockSize, position, first.Sequence, first.Transaction, entries);
        return null;
    }

    private static string? DecodeCore(AlignedMemory buffer, JournalGeometry geometry, long position, JournalDescriptorBlock first,
        Func<BlockAddress, string?> checkHome, out JournalEntry[] entries)
    {
        var blockSize = geometry.BlockSize;
        var perBlock = JournalDescriptorBlock.EntriesPerBlock(blockSize);
        var total = first.TotalEntries;
        var descriptors = DescriptorCount(total, perBlock);
        var blocks = buffer.Length / blockSize;
        var span = buffer.Span;
        entries = new JournalEntry[total];
        for (var i = 0; i < descriptors; i++)
        {
            var at = DescriptorBlock(i, perBlock);
            var block = span.Slice(at * blockSize, blockSize);
            if (JournalDescriptorBlock.TryRead(block, Address(geometry, position, at), geometry.FsId, out var descriptor) is { } error)
                return $"descriptor {i}: {error}";
            var count = Math.Min(perBlock, total - i * perBlock);
            if (descriptor != first with { Index = i, Count = count })
                return $"descriptor {i} belongs to another record ({descriptor})";
            for (var k = 0; k < count; k++)
            {
                var j = i * perBlock + k;
                var home = JournalDescriptorBlock.Home(block, k);
                if (checkHome(home) is { } bad) return $"image {j}: {bad}";
                entries[j] = new JournalEntry(home, buffer.Memory.Slice(EntryBlock(j, perBlock) * blockSize, blockSize));
            }
        }
        var commitBlock = span[((blocks - 1) * blockSize)..];
        if (JournalCommitBlock.TryRead(commitBlock, Address(geometry, position, blocks - 1), geometry.FsId, out var commit) is { } commitError)
            return $"no commit block: {commitError}";
        if (commit.LogId != first.LogId || commit.Sequence != first.Sequence || commit.Transaction != first.Transaction
            || commit.Entries != total || commit.Descriptors != descriptors)
            return $"the commit block belongs to another record ({commit})";
        var crc = Crc32C.Compute(span[..((blocks - 1) * blockSize)]);
        if (crc != commit.RecordCrc) return $"the record fails its checksum (stored {commit.RecordCrc:x8}, computed {crc:x8})";
        return null;
    }

    public static BlockAddress Address(JournalGeometry geometry, long position, long block) => geometry.LogAddress((position + block) % geometry.LogBlocks);

    public void Dispose() => _buffer.Dispose();
}
