using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Raid.Metadata;

public sealed partial class WriteIntentBitmap
{
    // One store at a time: a store's snapshot is taken only after the previous store has
    // landed, so the disk never goes back to an older set of bits.
    private readonly SemaphoreSlim _storeGate = new(1, 1);

    /// <summary>
    /// Reads and checks the bitmap a member holds at its superblock's bitmap offset. A device
    /// error or a bad area comes back as an error; the caller then falls back to another
    /// member's copy or to <see cref="MarkAllDirty"/>.
    /// </summary>
    public static async ValueTask<(WriteIntentBitmap? Bitmap, string? Error)> LoadAsync(IBlockDevice member, MemberSuperblock superblock)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(superblock);
        if (CheckGeometry(superblock.ArrayDataBytes, superblock.BitmapRegionBytes) is { } geometryError) return (null, geometryError);
        var areaBytes = AreaBytesFor(superblock.BitmapRegionCount);
        if (!ByteRangeIo.Fits(member, superblock.BitmapOffsetBytes, areaBytes))
            return (null, $"device is {member.SectorCount * member.SectorSize} bytes, too small for the bitmap at {superblock.BitmapOffsetBytes}");
        using var buffer = new AlignedMemory((int)areaBytes);
        var result = await ByteRangeIo.ReadAsync(member, superblock.BitmapOffsetBytes, buffer.Memory).ConfigureAwait(false);
        if (!result.IsOk) return (null, $"bitmap read failed: {result}");
        return TryParse(buffer.Span, superblock, out var bitmap, out var error) ? (bitmap, null) : (null, error);
    }

    /// <summary>Stores the bitmap on one member with FUA. See <see cref="StoreAsync(IReadOnlyList{IBlockDevice}, MemberSuperblock)"/>.</summary>
    public async ValueTask<IoResult> StoreAsync(IBlockDevice member, MemberSuperblock superblock) =>
        (await StoreAsync([member], superblock).ConfigureAwait(false))[0];

    /// <summary>
    /// Stores one snapshot of the bits on every member, in parallel, with FUA, stamped with the
    /// superblock's array uuid and event count. Returns one result per member. Bits count as on
    /// disk (so <see cref="MarkDirty"/> stops asking for stores) only when every write succeeded.
    /// </summary>
    /// <exception cref="ArgumentException">The superblock describes another geometry, or a member cannot hold the area.</exception>
    public async ValueTask<IoResult[]> StoreAsync(IReadOnlyList<IBlockDevice> members, MemberSuperblock superblock)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(superblock);
        if (members.Count == 0) throw new ArgumentException("storing needs at least one member", nameof(members));
        if (superblock.BitmapRegionBytes != RegionBytes || superblock.ArrayDataBytes != DataBytes || superblock.BitmapRegionCount != RegionCount)
            throw new ArgumentException(
                $"superblock bitmap geometry ({superblock.BitmapRegionCount} regions of {superblock.BitmapRegionBytes} over {superblock.ArrayDataBytes}) "
                + $"differs from this bitmap's ({RegionCount} of {RegionBytes} over {DataBytes})", nameof(superblock));
        foreach (var member in members)
            if (!ByteRangeIo.Fits(member, superblock.BitmapOffsetBytes, AreaBytes))
                throw new ArgumentException($"{member.Name} is too small for the bitmap at {superblock.BitmapOffsetBytes}", nameof(members));

        await _storeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var snapshot = new ulong[_bits.Length];
            lock (_lock)
            {
                _bits.CopyTo(snapshot, 0);
                // From now on a bit this snapshot lacks may vanish from disk.
                for (var i = 0; i < _durable.Length; i++) _durable[i] &= snapshot[i];
            }
            using var buffer = new AlignedMemory((int)AreaBytes);
            Serialize(buffer.Span, snapshot, superblock.ArrayId, superblock.Events);
            var writes = new Task<IoResult>[members.Count];
            for (var i = 0; i < writes.Length; i++)
                writes[i] = ByteRangeIo.WriteAsync(members[i], superblock.BitmapOffsetBytes, buffer.Memory, WriteFlags.Fua).AsTask();
            var results = await Task.WhenAll(writes).ConfigureAwait(false);
            if (results.All(r => r.IsOk))
            {
                lock (_lock)
                {
                    snapshot.CopyTo(_durable, 0);
                    _events = superblock.Events;
                }
            }
            return results;
        }
        finally
        {
            _storeGate.Release();
        }
    }
}
