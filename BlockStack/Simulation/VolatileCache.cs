using Layered.BlockStack.Memory;

namespace Layered.BlockStack.Simulation;

/// <summary>
/// A drive's volatile write cache over durable media. Unflushed writes are readable at once
/// but reach the media only when flushed, destaged, or (by chance) at a crash. A newer write
/// of a sector replaces the cached copy, so an old write can never land over a newer one.
/// Not thread-safe: the device serialises access.
/// </summary>
internal sealed class VolatileCache(SparseStore media, int sectorSize, int maxWrites)
{
    private readonly record struct CachedSector(long WriteId, int Index, byte[] Data);

    private readonly record struct PendingWrite(long WriteId, long Sector, int Count);

    private readonly Dictionary<long, CachedSector> _sectors = new();
    private readonly Queue<PendingWrite> _writes = new();
    private long _nextWriteId;

    public int PendingWrites => _writes.Count;

    public int CachedSectors => _sectors.Count;

    public void Read(long sector, Span<byte> target)
    {
        for (var i = 0; i < target.Length / sectorSize; i++)
        {
            var slice = target.Slice(i * sectorSize, sectorSize);
            if (_sectors.TryGetValue(sector + i, out var cached)) cached.Data.CopyTo(slice);
            else media.Read((sector + i) * sectorSize, slice);
        }
    }

    public void Write(long sector, ReadOnlySpan<byte> source, bool durable)
    {
        var count = source.Length / sectorSize;
        if (durable)
        {
            for (var i = 0; i < count; i++) _sectors.Remove(sector + i);
            media.Write(sector * sectorSize, source);
            return;
        }
        var id = ++_nextWriteId;
        for (var i = 0; i < count; i++)
            _sectors[sector + i] = new CachedSector(id, i, source.Slice(i * sectorSize, sectorSize).ToArray());
        _writes.Enqueue(new PendingWrite(id, sector, count));
        while (_writes.Count > maxWrites) Land(_writes.Dequeue(), int.MaxValue);
    }

    public void Discard(long sector, long count)
    {
        for (long i = 0; i < count && _sectors.Count > 0; i++) _sectors.Remove(sector + i);
        media.Zero(sector * sectorSize, count * sectorSize);
    }

    public void Flush()
    {
        while (_writes.TryDequeue(out var write)) Land(write, int.MaxValue);
    }

    /// <summary>Power loss: each unflushed write persists, is lost, or lands a prefix, by seeded chance.</summary>
    public CrashReport Crash(SeededChance chance, ulong crashIndex, double loseRate, double tearRate)
    {
        int persisted = 0, lost = 0, torn = 0;
        while (_writes.TryDequeue(out var write))
        {
            var roll = chance.Unit(crashIndex, (ulong)write.WriteId);
            if (roll < loseRate) lost++;
            else if (roll < loseRate + tearRate && write.Count > 1)
            {
                Land(write, (int)chance.Below(write.Count, crashIndex, (ulong)write.WriteId, 1));
                torn++;
            }
            else
            {
                Land(write, int.MaxValue);
                persisted++;
            }
        }
        _sectors.Clear();
        return new CrashReport(persisted, lost, torn);
    }

    /// <summary>Moves the first <paramref name="prefix"/> sectors of a write to media, unless newer writes replaced them.</summary>
    private void Land(PendingWrite write, int prefix)
    {
        for (var i = 0; i < write.Count; i++)
        {
            var sector = write.Sector + i;
            if (!_sectors.TryGetValue(sector, out var cached) || cached.WriteId != write.WriteId) continue;
            if (i < prefix) media.Write(sector * sectorSize, cached.Data);
            _sectors.Remove(sector);
        }
    }
}
