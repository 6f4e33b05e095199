using System.Numerics;

namespace Layered.Raid.Metadata;

/// <summary>
/// One bit per region of the array's data space: set means "a write may be in flight here, so
/// after a crash or a re-add this region must be resynced". Replicated on every member at the
/// superblock's bitmap offset. Layout: docs/format.md, "RAID member metadata / Write-intent bitmap".
/// </summary>
/// <remarks>
/// <para>The rule for writers: <c>if (bitmap.MarkDirty(offset, length)) await bitmap.StoreAsync(...)</c>,
/// and only then write data. <see cref="MarkDirty"/> answers true while any bit of the range is not
/// yet known to be on disk: when it went 0→1 now, and also when another writer set it but its
/// store has not completed. A plain "did a bit flip" answer would let a second writer into a
/// region whose bit is still only in memory.</para>
/// <para>Thread-safe: bit operations take a short lock; stores are serialised so that a later
/// store always lands after an earlier one.</para>
/// </remarks>
public sealed partial class WriteIntentBitmap
{
    private readonly Lock _lock = new();
    private readonly ulong[] _bits;
    // The bits every completed store has put on disk and no store in flight may clear.
    private readonly ulong[] _durable;
    private int _dirtyCount;
    private ulong _events;

    private WriteIntentBitmap(long dataBytes, long regionBytes)
    {
        DataBytes = dataBytes;
        RegionBytes = regionBytes;
        RegionCount = RegionCountFor(dataBytes, regionBytes);
        _bits = new ulong[(RegionCount + 63) / 64];
        _durable = new ulong[_bits.Length];
    }

    /// <summary>A clean bitmap covering <paramref name="dataBytes"/> of array data in <paramref name="regionBytes"/> regions.</summary>
    /// <exception cref="ArgumentException">The geometry is out of range (see <see cref="CheckGeometry"/>).</exception>
    public static WriteIntentBitmap Create(long dataBytes, long regionBytes)
    {
        if (CheckGeometry(dataBytes, regionBytes) is { } error) throw new ArgumentException(error, nameof(regionBytes));
        return new WriteIntentBitmap(dataBytes, regionBytes);
    }

    /// <summary>A clean bitmap with the geometry a superblock records.</summary>
    public static WriteIntentBitmap ForArray(MemberSuperblock superblock) =>
        Create(superblock.ArrayDataBytes, superblock.BitmapRegionBytes);

    /// <summary>Array data bytes covered; the last region may be partial.</summary>
    public long DataBytes { get; }

    public long RegionBytes { get; }

    public int RegionCount { get; }

    /// <summary>The superblock event count of the copy last loaded or stored; 0 for a new bitmap.</summary>
    public ulong Events { get { lock (_lock) return _events; } }

    public int DirtyCount { get { lock (_lock) return _dirtyCount; } }

    public bool IsDirty(int region)
    {
        CheckRegion(region);
        lock (_lock) return (_bits[region >> 6] & Bit(region)) != 0;
    }

    /// <summary>
    /// Marks every region touched by the byte range dirty. True when the caller must store the
    /// bitmap before writing: some bit of the range is not yet known to be on disk.
    /// </summary>
    public bool MarkDirty(long offsetBytes, long lengthBytes)
    {
        if (offsetBytes < 0 || lengthBytes <= 0 || lengthBytes > DataBytes - offsetBytes)
            throw new ArgumentOutOfRangeException(nameof(lengthBytes), $"range [{offsetBytes}, +{lengthBytes}) is not inside the {DataBytes} data bytes");
        var first = (int)(offsetBytes / RegionBytes);
        var last = (int)((offsetBytes + lengthBytes - 1) / RegionBytes);
        return MarkRegions(first, last);
    }

    /// <summary>Marks the whole array dirty, as when no valid bitmap could be loaded.</summary>
    public bool MarkAllDirty() => MarkRegions(0, RegionCount - 1);

    /// <summary>Clears one region once every write to it has completed and the region is in sync everywhere.</summary>
    public void MarkClean(int region)
    {
        CheckRegion(region);
        lock (_lock)
        {
            ref var word = ref _bits[region >> 6];
            if ((word & Bit(region)) != 0) _dirtyCount--;
            word &= ~Bit(region);
        }
    }

    public void ClearAll()
    {
        lock (_lock)
        {
            Array.Clear(_bits);
            _dirtyCount = 0;
        }
    }

    /// <summary>The dirty regions as byte ranges of array data, adjacent regions merged, clipped to <see cref="DataBytes"/>.</summary>
    public IEnumerable<(long OffsetBytes, long LengthBytes)> DirtyRanges()
    {
        var ranges = new List<(long, long)>();
        lock (_lock)
        {
            var runStart = -1;
            for (var region = 0; region <= RegionCount; region++)
            {
                var dirty = region < RegionCount && (_bits[region >> 6] & Bit(region)) != 0;
                if (dirty && runStart < 0) runStart = region;
                if (dirty || runStart < 0) continue;
                var offsetBytes = runStart * RegionBytes;
                ranges.Add((offsetBytes, Math.Min(region * RegionBytes, DataBytes) - offsetBytes));
                runStart = -1;
            }
        }
        return ranges;
    }

    private bool MarkRegions(int first, int last)
    {
        var mustStore = false;
        lock (_lock)
        {
            for (var region = first; region <= last; region++)
            {
                ref var word = ref _bits[region >> 6];
                var bit = Bit(region);
                if ((word & bit) == 0) _dirtyCount++;
                word |= bit;
                mustStore |= (_durable[region >> 6] & bit) == 0;
            }
        }
        return mustStore;
    }

    private void CheckRegion(int region)
    {
        if ((uint)region >= (uint)RegionCount)
            throw new ArgumentOutOfRangeException(nameof(region), region, $"the bitmap has {RegionCount} regions");
    }

    private static ulong Bit(int region) => 1UL << (region & 63);

    private static int PopCount(ReadOnlySpan<ulong> words)
    {
        var count = 0;
        foreach (var word in words) count += BitOperations.PopCount(word);
        return count;
    }
}
