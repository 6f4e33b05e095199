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

    private async ValueTask WriteHomeAsync(IReadOnlyDictionary<BlockAddress, byte[]> images, CancellationToken cancellationToken)
    {
        using var buffer = new AlignedMemory(BlockSize);
        foreach (var (address, image) in images.OrderBy(p => p.Key.Volume).ThenBy(p => p.Key.Block))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var device = _volumes[address.Volume];
            image.CopyTo(buffer.Span);
            var result = await device.WriteAsync(address.Block * (BlockSize / device.SectorSize), buffer.Memory).ConfigureAwait(false);
            if (!result.IsOk) throw new FsIoException($"writing metadata block {address} to {device.Name} failed: {result}");
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
