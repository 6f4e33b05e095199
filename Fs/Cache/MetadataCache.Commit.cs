using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Format;
using Layered.Fs.Journal;
using Microsoft.Extensions.Logging;

namespace Layered.Fs.Cache;

public sealed partial class MetadataCache
{
    /// <summary>The journal transactions go through; null while formatting writes blocks home directly.</summary>
    public MetadataJournal? Journal { get; set; }

    /// <summary>The transaction the next commit will carry.</summary>
    public ulong NextTransaction { get; set; } = 1;

    /// <summary>Runs after a checkpoint: blocks freed before it may be reused now.</summary>
    public Action? Checkpointed { get; set; }

    /// <summary>
    /// Makes the running transaction durable. Ordered data: every volume is flushed first, so the
    /// data a transaction exposes is on stable storage before the metadata that points at it.
    /// Then the sealed images go to the journal in one commit. Their home writes wait for a
    /// checkpoint. A commit with nothing dirty still flushes, because fsync promises the data.
    /// </summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        await ApplyFreesAsync(cancellationToken).ConfigureAwait(false);
        await FlushVolumesAsync().ConfigureAwait(false);
        if (_dirty.Count == 0) return;
        var journal = Journal ?? throw new InvalidOperationException("no journal to commit to");
        if (!journal.Fits(_dirty.Count)) await WriteCommittedHomeAsync(cancellationToken).ConfigureAwait(false);
        if (_dirty.Count > journal.MaxTransactionBlocks)
            throw new InvalidOperationException($"a transaction of {_dirty.Count} blocks exceeds the journal's {journal.MaxTransactionBlocks}");
        var transaction = NextTransaction++;
        var entries = new List<JournalEntry>(_dirty.Count);
        foreach (var block in _dirty.Values)
        {
            MetadataHeader.Seal(block.Data, block.Kind, block.Address, _fsId, block.Owner, transaction);
            var image = block.Data.ToArray();
            entries.Add(new JournalEntry(block.Address, image));
            _committed[block.Address] = image;
        }
        _dirty.Clear();
        await journal.CommitAsync(transaction, entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits, then writes every committed block home, flushes, and empties the journal. Only
    /// now may freed blocks be reused: before, a replay could still write an old image over them.
    /// </summary>
    public async ValueTask CheckpointAsync(CancellationToken cancellationToken)
    {
        await CommitAsync(cancellationToken).ConfigureAwait(false);
        await WriteCommittedHomeAsync(cancellationToken).ConfigureAwait(false);
        Checkpointed?.Invoke();
    }

    /// <summary>Makes room in the journal. The running transaction stays running, so nothing it freed is released.</summary>
    private async ValueTask WriteCommittedHomeAsync(CancellationToken cancellationToken)
    {
        if (_committed.Count == 0) return;
        await WriteHomeAsync(_committed, cancellationToken).ConfigureAwait(false);
        _committed.Clear();
        await FlushVolumesAsync().ConfigureAwait(false);
        if (Journal is { } journal) await journal.ResetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Seals and writes dirty blocks straight home, without a journal (mkfs only).</summary>
    public async ValueTask WriteDirtyHomeAsync(CancellationToken cancellationToken)
    {
        await ApplyFreesAsync(cancellationToken).ConfigureAwait(false);
        var transaction = NextTransaction++;
        foreach (var block in _dirty.Values)
            MetadataHeader.Seal(block.Data, block.Kind, block.Address, _fsId, block.Owner, transaction);
        await WriteHomeAsync(_dirty.ToDictionary(p => p.Key, p => p.Value.Data), cancellationToken).ConfigureAwait(false);
        _dirty.Clear();
        await FlushVolumesAsync().ConfigureAwait(false);
    }

    /// <summary>Whether the journal is past the point where a checkpoint should run.</summary>
    public bool JournalHalfFull => Journal is { } journal && journal.UsedBlocks * 2 > journal.CapacityBlocks;

    /// <summary>Writes images home in address order, one I/O per run of adjacent blocks (bounded by the device's transfer size).</summary>
    private async ValueTask WriteHomeAsync(IReadOnlyDictionary<BlockAddress, byte[]> images, CancellationToken cancellationToken)
    {
        var ordered = images.OrderBy(p => p.Key.Volume).ThenBy(p => p.Key.Block).ToList();
        using var buffer = new AlignedMemory(Math.Max(BlockSize, 1 << 20));
        var maxRun = buffer.Length / BlockSize;
        for (var i = 0; i < ordered.Count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = ordered[i].Key;
            var device = _volumes[first.Volume];
            var limit = Math.Min(maxRun, Math.Max(1, device.MaxTransferBytes / BlockSize));
            var run = 0;
            while (i + run < ordered.Count && run < limit && ordered[i + run].Key == first with { Block = first.Block + run })
            {
                ordered[i + run].Value.CopyTo(buffer.Span[(run * BlockSize)..]);
                run++;
            }
            var result = await device.WriteAsync(first.Block * (BlockSize / device.SectorSize), buffer.Memory[..(run * BlockSize)]).ConfigureAwait(false);
            if (!result.IsOk) throw new FsIoException($"writing {run} metadata blocks at {first} to {device.Name} failed: {result}");
            i += run;
        }
    }

    public async ValueTask FlushVolumesAsync()
    {
        foreach (var device in _volumes)
        {
            var result = await device.FlushAsync().ConfigureAwait(false);
            if (!result.IsOk)
            {
                _logger?.LogError("flushing {Device} failed: {Result}", device.Name, result);
                throw new FsIoException($"flushing {device.Name} failed: {result}");
            }
        }
    }
}
