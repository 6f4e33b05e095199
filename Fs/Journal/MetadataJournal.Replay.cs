using Layered.BlockStack.Buffers;

namespace Layered.Fs.Journal;

public sealed partial class MetadataJournal
{
    /// <summary>
    /// Writes every committed transaction still in the log to its home, in commit order, flushes
    /// every volume written, then empties the log durably. The log ends at the first position that
    /// does not hold this log's next sound record; a torn tail there is discarded and logged.
    /// A crash at any point leaves the log as it was, so replaying again gives the same result.
    /// </summary>
    public async ValueTask<JournalReplay> ReplayAsync(CancellationToken ct = default)
    {
        var position = _header.Head;
        var sequence = _header.HeadSequence;
        var last = _header.LastTransaction;
        long usedBlocks = 0;
        int transactions = 0, images = 0, discarded = 0;
        using var homes = new HomeWriter(_volumes, Geometry.BlockSize, "journal replay");
        while (true)
        {
            var scan = await ReadRecordAsync(position, sequence, last, CapacityBlocks - usedBlocks, ct).ConfigureAwait(false);
            if (scan.Record is not { } record)
            {
                discarded = await ReportEndAsync(scan, position, sequence, CapacityBlocks - usedBlocks, ct).ConfigureAwait(false);
                break;
            }
            using (record) await homes.WriteAsync(record.Entries, ct).ConfigureAwait(false);
            transactions++;
            images += record.Entries.Length;
            position = (position + record.Blocks) % CapacityBlocks;
            usedBlocks += record.Blocks;
            sequence++;
            last = record.Transaction;
        }
        await homes.FlushAsync().ConfigureAwait(false);

        // A log's worth of sequence numbers is skipped, so every block still in the log (a torn
        // tail included) numbers below the new head and can never pass as one of its records.
        await WriteHeaderAsync(_header.Next(position, sequence + (ulong)CapacityBlocks, last), ct).ConfigureAwait(false);
        _tail = position;
        _usedBlocks = 0;
        _nextSequence = _header.HeadSequence;
        LastTransaction = last;
        _replayed = true;
        _failure = null;
        JournalLog.Replayed(_logger, Geometry.Start.ToString(), transactions, images, homes.VolumesWritten, last);
        return new JournalReplay(transactions, images, last) { DiscardedTransactions = discarded };
    }

    /// <summary>Reads and checks the record that should start at <paramref name="position"/> with <paramref name="sequence"/>.</summary>
    private async ValueTask<RecordScan> ReadRecordAsync(long position, ulong sequence, ulong after, long spaceBlocks, CancellationToken ct)
    {
        if (spaceBlocks < 2) return RecordScan.Clean("the log is full");
        var address = Geometry.LogAddress(position);
        JournalDescriptorBlock first;
        using (var block = new AlignedMemory(Geometry.BlockSize))
        {
            await _region.ReadLogAsync(position, block.Memory, ct).ConfigureAwait(false);
            if (JournalDescriptorBlock.TryRead(block.Span, address, Geometry.FsId, out first) is { } error)
                return JournalDescriptorBlock.LooksLike(block.Span, address, Geometry.FsId, _header.LogId, sequence)
                    ? RecordScan.Broken($"the descriptor of sequence {sequence} at log block {position} is damaged: {error}")
                    : RecordScan.Clean(error);
        }
        if (first.LogId != _header.LogId)
            return first.Sequence >= sequence
                ? RecordScan.NewerLog($"log block {position} starts sequence {first.Sequence} of another log, at or past the expected {sequence}")
                : RecordScan.Clean($"log block {position} holds sequence {first.Sequence} of an earlier log");
        if (first.Sequence != sequence || first.Index != 0 || first.Transaction <= after)
            return RecordScan.Broken($"log block {position} holds descriptor {first.Index} of sequence {first.Sequence}, transaction {first.Transaction}; "
                + $"expected the first of sequence {sequence} above transaction {after}");
        var blocks = JournalRecord.BlockCount(first.TotalEntries, _entriesPerDescriptor);
        if (blocks > spaceBlocks || blocks * Geometry.BlockSize > MaxRecordBytes)
            return RecordScan.Broken($"transaction {first.Transaction} at log block {position} claims {blocks} blocks, more than the {spaceBlocks} left");
        var buffer = new AlignedMemory((int)blocks * Geometry.BlockSize);
        try
        {
            await _region.ReadLogAsync(position, buffer.Memory, ct).ConfigureAwait(false);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        var problem = JournalRecord.Decode(buffer, Geometry, position, first, home => HomeWriter.Check(_volumes, Geometry, home), out var record);
        return problem is null ? RecordScan.Of(record!) : RecordScan.Broken(problem);
    }

    /// <summary>Logs why the log ended; returns how many transactions found there were discarded.</summary>
    private async ValueTask<int> ReportEndAsync(RecordScan scan, long position, ulong sequence, long spaceBlocks, CancellationToken ct)
    {
        var start = Geometry.Start.ToString();
        switch (scan.End)
        {
            case RecordScan.Ending.NewerLog:
                throw new FsCorruptionException($"journal {start}: the log goes on past what its header describes ({scan.Reason}); "
                    + "the newest header copy was lost, and replaying from the older one would undo later transactions");
            case RecordScan.Ending.Broken:
                var later = await CountLaterRecordsAsync(position, sequence, spaceBlocks, ct).ConfigureAwait(false);
                if (later > 0) JournalLog.DiscardedCorruptTransaction(_logger, start, scan.Reason, later);
                else JournalLog.DiscardedTornTail(_logger, start, scan.Reason);
                return 1 + later;
            default:
                JournalLog.LogEnds(_logger, start, position, scan.Reason);
                return 0;
        }
    }

    /// <summary>
    /// After a broken record: how many sound records of this log follow it. None after a crash
    /// (the broken one was the torn tail); some when a committed transaction was damaged. The
    /// broken record's own length may be unreadable, so this looks for the next descriptor of
    /// this log block by block, then follows records from there.
    /// </summary>
    private async ValueTask<int> CountLaterRecordsAsync(long position, ulong sequence, long spaceBlocks, CancellationToken ct)
    {
        var chunkBlocks = (int)Math.Clamp(_region.Device.MaxTransferBytes / Geometry.BlockSize, 1, CapacityBlocks);
        using var chunk = new AlignedMemory(chunkBlocks * Geometry.BlockSize);
        for (long offset = 1; offset < spaceBlocks;)
        {
            // Each read stops at the end of the log, so the chunk's blocks are consecutive positions.
            var at = (position + offset) % CapacityBlocks;
            var blocks = (int)Math.Min(Math.Min(chunkBlocks, spaceBlocks - offset), CapacityBlocks - at);
            await _region.ReadLogAsync(at, chunk.Memory[..(blocks * Geometry.BlockSize)], ct).ConfigureAwait(false);
            for (var k = 0; k < blocks; k++)
            {
                var block = chunk.Span.Slice(k * Geometry.BlockSize, Geometry.BlockSize);
                if (JournalDescriptorBlock.TryRead(block, Geometry.LogAddress(at + k), Geometry.FsId, out var found) is null
                    && found.LogId == _header.LogId && found.Index == 0 && found.Sequence > sequence)
                    return await CountRecordsAsync(at + k, found.Sequence, spaceBlocks - offset - k, ct).ConfigureAwait(false);
            }
            offset += blocks;
        }
        return 0;
    }

    private async ValueTask<int> CountRecordsAsync(long position, ulong sequence, long spaceBlocks, CancellationToken ct)
    {
        var count = 0;
        while (await ReadRecordAsync(position, sequence, 0, spaceBlocks, ct).ConfigureAwait(false) is { Record: { } record })
        {
            using (record)
            {
                count++;
                position = (position + record.Blocks) % CapacityBlocks;
                spaceBlocks -= record.Blocks;
                sequence++;
            }
        }
        return count;
    }
}
