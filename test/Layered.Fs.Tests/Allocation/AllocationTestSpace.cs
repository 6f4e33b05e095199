using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Tests.Allocation;

/// <summary>
/// An <see cref="IMetadataSpace"/> over a sparse in-memory disk (only blocks written are
/// stored). Blocks are sealed on <see cref="Commit"/> and verified when read from the disk, like
/// the real cache. It also catches the bug a journal cannot survive: bytes of a block changed
/// without <see cref="Dirty"/> first, which <see cref="Dirty"/> and <see cref="Commit"/> both check.
/// </summary>
public sealed class AllocationTestSpace : IMetadataSpace
{
    private readonly Dictionary<BlockAddress, byte[]> _disk;
    private readonly Dictionary<BlockAddress, MetadataBlock> _cache = [];
    private readonly Dictionary<BlockAddress, byte[]> _cleanImages = [];
    private readonly HashSet<BlockAddress> _dirty = [];

    public AllocationTestSpace(int blockSize = 4096) : this(blockSize, Guid.NewGuid(), []) { }

    private AllocationTestSpace(int blockSize, Guid fsId, Dictionary<BlockAddress, byte[]> disk)
    {
        BlockSize = blockSize;
        FsId = fsId;
        _disk = disk;
    }

    public int BlockSize { get; }

    public Guid FsId { get; }

    public ulong Transaction { get; private set; }

    /// <summary>Blocks read from the disk (not the cache) so far.</summary>
    public int DiskReads { get; private set; }

    /// <summary>Blocks dirty in the running transaction.</summary>
    public int DirtyBlocks => _dirty.Count;

    /// <summary>When set, reading this address from the disk fails as a device would.</summary>
    public BlockAddress? FailReadsOf { get; set; }

    public ValueTask<MetadataBlock> ReadAsync(BlockAddress address, MetadataKind kind, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_cache.TryGetValue(address, out var cached))
        {
            if (cached.Kind != kind) throw new FsCorruptionException($"block {address} holds {cached.Kind}, expected {kind}");
            return ValueTask.FromResult(cached);
        }
        if (FailReadsOf == address) throw new FsIoException($"simulated read error at {address}");
        DiskReads++;
        var image = _disk.TryGetValue(address, out var stored) ? stored.ToArray() : new byte[BlockSize];
        if (MetadataHeader.Verify(image, kind, address, FsId) is { } problem) throw new FsCorruptionException(problem);
        var block = new MetadataBlock(address, kind, MetadataHeader.Owner(image), image);
        _cache[address] = block;
        _cleanImages[address] = image.ToArray();
        return ValueTask.FromResult(block);
    }

    public void Dirty(MetadataBlock block)
    {
        if (!_cache.TryGetValue(block.Address, out var cached) || !ReferenceEquals(cached, block))
            throw new InvalidOperationException($"{block} did not come from this space");
        if (_dirty.Contains(block.Address)) return;
        if (!_cleanImages[block.Address].AsSpan().SequenceEqual(block.Data))
            throw new InvalidOperationException($"{block} was changed before it was marked dirty");
        _dirty.Add(block.Address);
        _cleanImages.Remove(block.Address);
    }

    public ValueTask<MetadataBlock> AllocateAsync(MetadataKind kind, ulong owner, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("free-space bitmaps live at fixed addresses");

    public MetadataBlock Create(BlockAddress address, MetadataKind kind, ulong owner)
    {
        var block = new MetadataBlock(address, kind, owner, new byte[BlockSize]);
        _cache[address] = block;
        _cleanImages.Remove(address);
        _dirty.Add(address);
        return block;
    }

    public void Free(MetadataBlock block) => throw new NotSupportedException("free-space bitmaps are never freed");

    /// <summary>Checks that no clean block changed, then seals every dirty block onto the disk.</summary>
    public void Commit()
    {
        CheckNoUndirtiedChanges();
        Transaction++;
        foreach (var address in _dirty)
        {
            var block = _cache[address];
            var image = block.Data.ToArray();
            MetadataHeader.Seal(image, block.Kind, address, FsId, block.Owner, Transaction);
            _disk[address] = image;
            _cleanImages[address] = block.Data.ToArray();
        }
        _dirty.Clear();
    }

    public void CheckNoUndirtiedChanges()
    {
        foreach (var (address, image) in _cleanImages)
            if (!image.AsSpan().SequenceEqual(_cache[address].Data))
                throw new InvalidOperationException($"block {address} was changed without being marked dirty");
    }

    /// <summary>Forgets every clean cached block, as a cache under memory pressure would, so the next read goes to the disk.</summary>
    public void DropCleanBlocks()
    {
        CheckNoUndirtiedChanges();
        foreach (var address in _cleanImages.Keys) _cache.Remove(address);
        _cleanImages.Clear();
    }

    /// <summary>A space over the same disk with nothing cached: what a remount sees (uncommitted changes are lost).</summary>
    public AllocationTestSpace Reopen() => new(BlockSize, FsId, _disk);

    /// <summary>Flips one bit of a block on the disk, behind the cache's back.</summary>
    public void CorruptOnDisk(BlockAddress address, int byteOffset) => _disk[address][byteOffset] ^= 0x10;

    /// <summary>Writes a block image straight to the disk, sealed as if committed.</summary>
    public void WriteOnDisk(BlockAddress address, MetadataKind kind, ulong owner, byte[] image)
    {
        MetadataHeader.Seal(image, kind, address, FsId, owner, Transaction);
        _disk[address] = image;
    }

    public byte[]? DiskImage(BlockAddress address) => _disk.TryGetValue(address, out var image) ? image : null;
}
