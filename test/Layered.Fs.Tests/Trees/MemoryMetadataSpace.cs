using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Tests.Trees;

/// <summary>
/// An <see cref="IMetadataSpace"/> over a byte-array disk that behaves like the real cache where
/// it matters to a tree: blocks are sealed when flushed and verified when read back, freed blocks
/// are not reused before the next flush, and a flush evicts everything, so nothing may keep a
/// block between operations. It also polices the transaction rules: a clean block whose bytes
/// change before <see cref="Dirty"/> is called, a stale block object, a double free or a read of
/// a freed block throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class MemoryMetadataSpace(int blockSize) : IMetadataSpace
{
    private readonly Dictionary<BlockAddress, byte[]> _disk = [];
    private readonly Dictionary<BlockAddress, MetadataBlock> _cache = [];
    // The bytes of each clean cached block as last read or flushed: a difference is a write nobody announced.
    private readonly Dictionary<BlockAddress, byte[]> _clean = [];
    private readonly HashSet<BlockAddress> _dirty = [];
    private readonly HashSet<BlockAddress> _allocated = [];
    private readonly List<BlockAddress> _freedThisTransaction = [];
    private readonly Queue<BlockAddress> _reusable = new();
    private readonly HashSet<BlockAddress> _freed = [];
    private long _nextBlock = 1;
    private ulong _transaction = 1;

    public int BlockSize { get; } = blockSize;
    public Guid FsId { get; } = Guid.NewGuid();
    public long DirtyCalls { get; private set; }

    /// <summary>How many more allocations succeed before <see cref="FsNoSpaceException"/>; null for no limit.</summary>
    public int? AllocationsLeft { get; set; }

    public IReadOnlySet<BlockAddress> Allocated => _allocated;

    public ValueTask<MetadataBlock> ReadAsync(BlockAddress address, MetadataKind kind, CancellationToken cancellationToken = default)
    {
        if (_freed.Contains(address)) throw new InvalidOperationException($"read of freed block {address}");
        if (_cache.TryGetValue(address, out var cached))
        {
            if (cached.Kind != kind) throw new FsCorruptionException($"block {address} holds {cached.Kind}, expected {kind}");
            return ValueTask.FromResult(cached);
        }
        var data = _disk.TryGetValue(address, out var stored) ? stored.ToArray() : new byte[BlockSize];
        if (MetadataHeader.Verify(data, kind, address, FsId) is { } error) throw new FsCorruptionException(error);
        var block = new MetadataBlock(address, kind, MetadataHeader.Owner(data), data);
        _cache[address] = block;
        _clean[address] = data.ToArray();
        return ValueTask.FromResult(block);
    }

    public void Dirty(MetadataBlock block)
    {
        EnsureCurrent(block);
        DirtyCalls++;
        if (!_dirty.Add(block.Address)) return;
        if (!_clean.Remove(block.Address, out var clean) || !clean.AsSpan().SequenceEqual(block.Data))
            throw new InvalidOperationException($"block {block.Address} changed before it was marked dirty");
    }

    public ValueTask<MetadataBlock> AllocateAsync(MetadataKind kind, ulong owner, CancellationToken cancellationToken = default)
    {
        if (AllocationsLeft is <= 0) throw new FsNoSpaceException("the test space has no allocations left");
        AllocationsLeft--;
        // Alternate volumes so packed addresses carry a volume index, as on a multi-device filesystem.
        var address = _reusable.Count > 0 ? _reusable.Dequeue() : new BlockAddress((int)(_nextBlock % 2), _nextBlock++ / 2 + 1);
        _freed.Remove(address);
        return ValueTask.FromResult(Create(address, kind, owner));
    }

    public MetadataBlock Create(BlockAddress address, MetadataKind kind, ulong owner)
    {
        var block = new MetadataBlock(address, kind, owner, new byte[BlockSize]);
        _cache[address] = block;
        _clean.Remove(address);
        _dirty.Add(address);
        _allocated.Add(address);
        return block;
    }

    public void Free(MetadataBlock block)
    {
        EnsureCurrent(block);
        if (!_allocated.Remove(block.Address)) throw new InvalidOperationException($"free of block {block.Address}, which is not allocated");
        _cache.Remove(block.Address);
        _clean.Remove(block.Address);
        _dirty.Remove(block.Address);
        _freedThisTransaction.Add(block.Address);
        _freed.Add(block.Address);
    }

    /// <summary>Commits the transaction: checks clean blocks were left alone, seals and writes dirty ones, evicts every block.</summary>
    public void Flush()
    {
        foreach (var (address, clean) in _clean)
            if (!clean.AsSpan().SequenceEqual(_cache[address].Data))
                throw new InvalidOperationException($"block {address} changed without being marked dirty");
        foreach (var address in _dirty)
        {
            var block = _cache[address];
            MetadataHeader.Seal(block.Data, block.Kind, address, FsId, block.Owner, _transaction);
            _disk[address] = block.Data.ToArray();
        }
        _transaction++;
        foreach (var address in _freedThisTransaction)
        {
            _disk.Remove(address);
            _reusable.Enqueue(address);
        }
        _freedThisTransaction.Clear();
        _dirty.Clear();
        _cache.Clear();
        _clean.Clear();
    }

    /// <summary>Changes a block on disk (after a flush), resealing it so only the body's own checks can notice, or not.</summary>
    public void Corrupt(BlockAddress address, Action<Span<byte>> changeBlock, bool reseal)
    {
        if (_dirty.Count > 0) throw new InvalidOperationException("flush before corrupting the disk");
        var data = _disk[address];
        changeBlock(data);
        if (reseal)
            MetadataHeader.Seal(data, (MetadataKind)BitConverter.ToUInt16(data, 4), address, FsId, MetadataHeader.Owner(data), MetadataHeader.Transaction(data));
        _cache.Remove(address);
        _clean.Remove(address);
    }

    /// <summary>A copy of the block as the disk holds it.</summary>
    public byte[] OnDisk(BlockAddress address) => _disk[address].ToArray();

    private void EnsureCurrent(MetadataBlock block)
    {
        if (!_cache.TryGetValue(block.Address, out var cached) || !ReferenceEquals(cached, block))
            throw new InvalidOperationException($"block {block.Address} is a stale object the space no longer holds");
    }
}
