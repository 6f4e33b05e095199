using Layered.Fs.Format;
using Layered.Fs.Journal;
using Layered.Fs.Volumes;

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

    /// <summary>Writes images home through the journal's <see cref="HomeWriter"/>: address order, one I/O per run of adjacent blocks.</summary>
    private async ValueTask WriteHomeAsync(IReadOnlyDictionary<BlockAddress, byte[]> images, CancellationToken cancellationToken)
    {
        using var homes = new HomeWriter(_volumes, BlockSize, "checkpoint");
        await homes.WriteAsync([.. images.Select(p => new JournalEntry(p.Key, p.Value))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes every volume: ordered data needs all of them durable before a commit, not only those metadata touched.</summary>
    public async ValueTask FlushVolumesAsync()
    {
        foreach (var device in _volumes) await DeviceIo.FlushAsync(device, "commit").ConfigureAwait(false);
    }
}
