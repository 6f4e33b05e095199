using Layered.BlockStack;
using Layered.Fs.Callouts;
using Layered.Leases;

namespace Layered.Fs.DirectIo;

/// <summary>
/// One registered file of a session: its devices, its lease, the mapping cache the lease keeps
/// valid, and the ops in flight through it, which a recall drains before letting go.
/// </summary>
internal sealed class DirectFile(ulong ino, IReadOnlyList<IBlockDevice> devices)
{
    public ulong Ino { get; } = ino;
    public IReadOnlyList<IBlockDevice> Devices { get; } = devices;

    /// <summary>Guards everything below.</summary>
    public object Gate { get; } = new();

    /// <summary>Null between a release and the next acquire.</summary>
    public LayoutLease? Lease { get; set; }

    /// <summary>Fenced: every op fails with ESTALE until the file is registered again.</summary>
    public bool Stale { get; set; }

    /// <summary>Set while a recall drains; ops wait on it and then re-acquire.</summary>
    public TaskCompletionSource? Recalling { get; set; }

    public int InFlight { get; set; }

    public TaskCompletionSource? Drained { get; set; }

    /// <summary>Serialises re-acquisition, so one op acquires and the others wait for it.</summary>
    public SemaphoreSlim Acquiring { get; } = new(1, 1);

    /// <summary>The lease <see cref="Attached"/> belongs to, and the tags already attached to it.</summary>
    public LayoutLease? AttachedFor { get; set; }

    public HashSet<Layered.BlockStack.Tags.DeviceTag> Attached { get; } = [];

    /// <summary>Mapped ranges sorted by file offset, never overlapping; valid while the lease is held.</summary>
    public List<IomapExtent> Cache { get; } = [];

    /// <summary>Extents from the cache covering [offset, offset+length) without a gap, or null on a miss. O(log n) to find the first.</summary>
    public List<IomapExtent>? Lookup(long offset, long length)
    {
        var end = offset + length;
        var at = offset;
        List<IomapExtent>? found = null;
        for (var i = FirstEndingAfter(offset); i < Cache.Count; i++)
        {
            var extent = Cache[i];
            if (extent.FileOffset > at) return null;
            (found ??= new List<IomapExtent>(1)).Add(extent);
            at = extent.FileEnd;
            if (at >= end) return found;
        }
        return null;
    }

    /// <summary>Replaces what the cache knew about the range these (sorted, contiguous) extents cover.</summary>
    public void Store(IReadOnlyList<IomapExtent> extents)
    {
        if (extents.Count == 0) return;
        var index = Remove(extents[0].FileOffset, extents[^1].FileEnd);
        Cache.InsertRange(index, extents);
    }

    /// <summary>
    /// After a write of [offset, offset+length) completed and its extents were converted on disk:
    /// cached Unwritten extents there become Mapped, split where the range ends inside one, so the
    /// rest of the extent stays cached (and stays Unwritten).
    /// </summary>
    public void MarkWritten(long offset, long length)
    {
        var end = offset + length;
        for (var i = FirstEndingAfter(offset); i < Cache.Count && Cache[i].FileOffset < end; i++)
        {
            var extent = Cache[i];
            if (extent.Type != IomapType.Unwritten) continue;
            var from = Math.Max(extent.FileOffset, offset);
            var to = Math.Min(extent.FileEnd, end);
            Cache[i] = Slice(extent, from, to) with { Type = IomapType.Mapped };
            if (to < extent.FileEnd) Cache.Insert(i + 1, Slice(extent, to, extent.FileEnd));
            if (from > extent.FileOffset) Cache.Insert(i++, Slice(extent, extent.FileOffset, from));
        }
    }

    /// <summary>The part [from, to) of an extent on a device (block-aligned bounds inside it).</summary>
    private static IomapExtent Slice(IomapExtent extent, long from, long to)
    {
        var sectorSize = extent.Device!.SectorSize;
        return extent with
        {
            FileOffset = from,
            Length = to - from,
            Sector = extent.Sector + (from - extent.FileOffset) / sectorSize,
            SectorCount = (to - from) / sectorSize,
        };
    }

    /// <summary>Drops the extents overlapping [from, to) and returns where extents of that range belong.</summary>
    private int Remove(long from, long to)
    {
        var first = FirstEndingAfter(from);
        var last = first;
        while (last < Cache.Count && Cache[last].FileOffset < to) last++;
        Cache.RemoveRange(first, last - first);
        return first;
    }

    /// <summary>The index of the first cached extent ending after <paramref name="offset"/> (Count when none does).</summary>
    private int FirstEndingAfter(long offset)
    {
        int low = 0, high = Cache.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (Cache[mid].FileEnd <= offset) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
