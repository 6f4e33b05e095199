namespace Layered.Fs.Allocation;

// Freeing, and the bitmap-level queries and repairs fsck needs.
public sealed partial class VolumeSpace
{
    /// <summary>
    /// Clears the bits of <paramref name="extent"/> in the running transaction and holds the
    /// blocks back as pending until <see cref="ReleasePending"/>. A block already free is a
    /// double free: <see cref="FsCorruptionException"/> naming it, and nothing changes.
    /// </summary>
    public async ValueTask FreeAsync(BlockExtent extent, CancellationToken ct = default)
    {
        CheckExtent(extent, nameof(extent));
        var blocks = await ReadCoveringAsync([extent], ct);
        if (FindBit(blocks, extent, false) is { } free)
            throw new FsCorruptionException($"double free: block {Volume}:{free} (in {extent}) is already free");
        DirtyAll(blocks);
        WriteBits(blocks, extent, false);
        _pending.Add(extent);
    }

    /// <summary>
    /// Makes every pending block allocatable. Call once the transactions that freed them are
    /// checkpointed, when no crash can bring back their old owners.
    /// </summary>
    public void ReleasePending()
    {
        foreach (var extent in _pending.ToList()) _free.Add(extent);
        _pending.Clear();
    }

    /// <summary>Whether the on-disk bitmap marks <paramref name="block"/> in use.</summary>
    public async ValueTask<bool> IsUsedAsync(long block, CancellationToken ct = default)
    {
        CheckBlock(block, nameof(block));
        var bitmap = await ReadBitmapBlockAsync(block / _blocksCovered, ct);
        return BitmapBits.Get(bitmap.Body, (int)(block % _blocksCovered));
    }

    /// <summary>The maximal runs of blocks the on-disk bitmap marks in use, in order, read from the bitmap (not the index).</summary>
    public async ValueTask<IReadOnlyList<BlockExtent>> UsedExtentsAsync(CancellationToken ct = default)
    {
        var used = new List<BlockExtent>();
        await ScanRunsAsync(used: true, used.Add, ct);
        return used;
    }

    /// <summary>
    /// Forces the bits of <paramref name="extent"/> (fsck --repair) and makes the index agree.
    /// Blocks forced free are allocatable at once, not pending: repair frees only blocks nothing
    /// refers to, so no crash can bring back an owner. Blocks forced used leave the index and the
    /// pending set. When every bit already matches, nothing is dirtied.
    /// </summary>
    public async ValueTask SetUsedAsync(BlockExtent extent, bool used, CancellationToken ct = default)
    {
        CheckExtent(extent, nameof(extent));
        var blocks = await ReadCoveringAsync([extent], ct);
        if (FindBit(blocks, extent, !used) is not null)
        {
            DirtyAll(blocks);
            WriteBits(blocks, extent, used);
        }
        _pending.Remove(extent);
        _free.Remove(extent);
        if (!used) _free.Add(extent);
    }
}
