using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Allocation;
using Layered.Fs.Format;
using Layered.Fs.Volumes;
using Microsoft.Extensions.Logging;

namespace Layered.Fs.Cache;

/// <summary>
/// The filesystem's metadata blocks in memory, and the running transaction over them. Blocks are
/// verified as they come from disk and sealed as they go to the journal. Dirty blocks and blocks
/// committed but not yet written home are pinned; clean blocks are dropped when the cache is over
/// its size at the end of an operation, when no structure holds one.
/// </summary>
public sealed partial class MetadataCache : IMetadataSpace
{
    private readonly Dictionary<BlockAddress, MetadataBlock> _blocks = [];
    private readonly Dictionary<BlockAddress, MetadataBlock> _dirty = [];
    private readonly Dictionary<BlockAddress, byte[]> _committed = [];
    private readonly List<BlockAddress> _freed = [];
    private readonly IReadOnlyList<IBlockDevice> _volumes;
    private readonly Guid _fsId;
    private readonly int _capacityBlocks;
    private readonly ILogger? _logger;

    public MetadataCache(IReadOnlyList<IBlockDevice> volumes, Guid fsId, int blockSize, int capacityBlocks, ILogger? logger)
    {
        _volumes = volumes;
        _fsId = fsId;
        BlockSize = blockSize;
        _capacityBlocks = capacityBlocks;
        _logger = logger;
    }

    public int BlockSize { get; }

    /// <summary>Where metadata blocks are allocated: volume 0's free space. Set once mount has loaded it.</summary>
    public VolumeSpace? MetadataVolume { get; set; }

    /// <summary>Blocks in metadata are allocated near here, away from where data spreads.</summary>
    public long MetadataGoal { get; set; }

    public int DirtyBlocks => _dirty.Count;

    public async ValueTask<MetadataBlock> ReadAsync(BlockAddress address, MetadataKind kind, CancellationToken cancellationToken = default)
    {
        if (_blocks.TryGetValue(address, out var cached))
        {
            if (cached.Kind != kind) throw Corrupt($"block {address} holds {cached.Kind}, expected {kind}");
            return cached;
        }
        // Committed but not yet home: the disk still holds the older image.
        var data = _committed.TryGetValue(address, out var image) ? image.ToArray() : await ReadRawAsync(address, cancellationToken).ConfigureAwait(false);
        if (MetadataHeader.Verify(data, kind, address, _fsId) is { } error) throw Corrupt(error);
        var block = new MetadataBlock(address, kind, MetadataHeader.Owner(data), data);
        _blocks[address] = block;
        return block;
    }

    /// <summary>Counts <see cref="Dirty"/> calls, so a failed operation can tell whether it changed anything.</summary>
    public long Changes { get; private set; }

    public void Dirty(MetadataBlock block)
    {
        Changes++;
        _dirty[block.Address] = block;
        _blocks[block.Address] = block;
    }

    public async ValueTask<MetadataBlock> AllocateAsync(MetadataKind kind, ulong owner, CancellationToken cancellationToken = default)
    {
        var space = MetadataVolume ?? throw new InvalidOperationException("metadata allocation before the free space was loaded");
        var extent = await space.AllocateAsync(MetadataGoal, 1, cancellationToken).ConfigureAwait(false)
            ?? throw new FsNoSpaceException("no free block is left for metadata on volume 0");
        MetadataGoal = extent.End;
        return Create(new BlockAddress(space.Volume, extent.Start), kind, owner);
    }

    public MetadataBlock Create(BlockAddress address, MetadataKind kind, ulong owner)
    {
        var block = new MetadataBlock(address, kind, owner, new byte[BlockSize]);
        Dirty(block);
        return block;
    }

    /// <summary>
    /// The block leaves the cache now; its bitmap bit is cleared by <see cref="ApplyFreesAsync"/>
    /// within the same transaction. A committed image of it still goes home at the checkpoint:
    /// until the freeing transaction commits, the tree on disk still points at it.
    /// </summary>
    public void Free(MetadataBlock block)
    {
        _dirty.Remove(block.Address);
        _blocks.Remove(block.Address);
        _freed.Add(block.Address);
    }

    /// <summary>Clears the bitmap bits of blocks freed since the last call; run before a transaction commits.</summary>
    public async ValueTask ApplyFreesAsync(CancellationToken cancellationToken)
    {
        while (_freed.Count > 0)
        {
            var address = _freed[^1];
            _freed.RemoveAt(_freed.Count - 1);
            await MetadataVolume!.FreeAsync(new BlockExtent(address.Block, 1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Throws the running transaction away after a failure midway: blocks go back to their last
    /// committed image, or leave the cache to be read again from disk.
    /// </summary>
    public void AbortRunning()
    {
        foreach (var (address, block) in _dirty)
        {
            if (_committed.TryGetValue(address, out var image)) image.CopyTo(block.Data, 0);
            else _blocks.Remove(address);
        }
        _dirty.Clear();
        _freed.Clear();
    }

    /// <summary>Drops clean blocks while the cache is over its size. Call only between operations.</summary>
    public void Trim()
    {
        if (_blocks.Count <= _capacityBlocks) return;
        var excess = _blocks.Count - _capacityBlocks * 3 / 4;
        var victims = new List<BlockAddress>(excess);
        foreach (var address in _blocks.Keys)
        {
            if (victims.Count >= excess) break;
            if (!_dirty.ContainsKey(address) && !_committed.ContainsKey(address)) victims.Add(address);
        }
        foreach (var address in victims) _blocks.Remove(address);
    }

    /// <summary>Reads one filesystem block from its volume into a fresh array; throws on a device error.</summary>
    public async ValueTask<byte[]> ReadRawAsync(BlockAddress address, CancellationToken cancellationToken)
    {
        if ((uint)address.Volume >= (uint)_volumes.Count) throw Corrupt($"block {address} names volume {address.Volume}, which does not exist");
        var device = _volumes[address.Volume];
        if ((address.Block + 1) * BlockSize > device.SectorCount * device.SectorSize) throw Corrupt($"block {address} lies beyond the end of {device.Name}");
        using var buffer = new AlignedMemory(BlockSize);
        await DeviceIo.ReadAsync(device, address.Block * BlockSize, buffer.Memory, $"reading metadata block {address}", cancellationToken).ConfigureAwait(false);
        return buffer.Span.ToArray();
    }

    private FsCorruptionException Corrupt(string message)
    {
        _logger?.LogError("metadata corruption: {Message}", message);
        return new FsCorruptionException(message);
    }
}
