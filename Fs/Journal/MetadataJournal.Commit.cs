namespace Layered.Fs.Journal;

public sealed partial class MetadataJournal
{
    /// <summary>
    /// Appends a transaction and makes it durable: descriptors, images and the commit block are
    /// written in as few requests as the device allows, as FUA writes where the device has them
    /// (else followed by one flush of the journal's device). The commit block's checksum covers
    /// the rest, so a crash before they are all stable leaves either the whole transaction or one
    /// that replay discards. The caller flushed everything the transaction depends on (ordered
    /// data, earlier home writes) before. A device failure gives <see cref="FsIoException"/> and
    /// takes the journal out of service.
    /// </summary>
    public async ValueTask CommitAsync(ulong transaction, IReadOnlyList<JournalEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        EnsureWritable();
        if (transaction <= LastTransaction)
            throw new ArgumentOutOfRangeException(nameof(transaction), transaction, $"transaction must be above the last committed one, {LastTransaction}");
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Image.Length != Geometry.BlockSize)
                throw new ArgumentException($"entry {i}: the image is {entries[i].Image.Length} bytes, not one block of {Geometry.BlockSize}", nameof(entries));
            if (HomeWriter.Check(_volumes, Geometry, entries[i].Home) is { } bad)
                throw new ArgumentException($"entry {i}: {bad}", nameof(entries));
        }
        if (!Fits(entries.Count))
            throw new InvalidOperationException(
                $"journal {Geometry.Start}: a transaction of {entries.Count} images needs {JournalRecord.BlockCount(entries.Count, _entriesPerDescriptor)} blocks, "
                + $"but {CapacityBlocks - _usedBlocks} of {CapacityBlocks} are free (at most {MaxTransactionBlocks} images fit an empty journal)");
        ct.ThrowIfCancellationRequested();

        using var record = JournalRecord.Encode(Geometry, _tail, _header.LogId, _nextSequence, transaction, entries);
        try
        {
            await _region.WriteLogAsync(_tail, record.Memory, ct, durable: true).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure = $"the commit of transaction {transaction} failed: {e.Message}";
            throw;
        }
        _tail = (_tail + record.Blocks) % CapacityBlocks;
        _usedBlocks += record.Blocks;
        _nextSequence++;
        LastTransaction = transaction;
    }

    /// <summary>
    /// Empties the log durably. The caller has written every committed block home and flushed
    /// those volumes, so no later replay may apply them again: a new header moves the log's start
    /// to the current end and gives the log a new id.
    /// </summary>
    public async ValueTask ResetAsync(CancellationToken ct = default)
    {
        EnsureWritable();
        await WriteHeaderAsync(_header.Next(_tail, _nextSequence, LastTransaction), ct).ConfigureAwait(false);
        _usedBlocks = 0;
    }

    private async ValueTask WriteHeaderAsync(JournalHeaderBlock next, CancellationToken ct)
    {
        try
        {
            await _region.WriteHeaderAsync(next, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure = $"writing header generation {next.Generation} failed: {e.Message}";
            throw;
        }
        _header = next;
    }
}
