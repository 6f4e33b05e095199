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

    /// <summary>Mapped ranges by file offset; valid while the lease is held.</summary>
    public List<IomapExtent> Cache { get; } = [];

    /// <summary>Extents from the cache covering [offset, offset+length) without a gap, or null on a miss.</summary>
    public List<IomapExtent>? Lookup(long offset, long length)
    {
        var end = offset + length;
        var found = new List<IomapExtent>();
        var at = offset;
        foreach (var extent in Cache)
        {
            if (extent.FileEnd <= at) continue;
            if (extent.FileOffset > at) return null;
            found.Add(extent);
            at = extent.FileEnd;
            if (at >= end) return found;
        }
        return null;
    }

    /// <summary>Replaces what the cache knew about the range these extents cover.</summary>
    public void Store(IReadOnlyList<IomapExtent> extents)
    {
        if (extents.Count == 0) return;
        Forget(extents[0].FileOffset, extents[^1].FileEnd - extents[0].FileOffset);
        Cache.AddRange(extents);
        Cache.Sort((a, b) => a.FileOffset.CompareTo(b.FileOffset));
    }

    public void Forget(long offset, long length) => Cache.RemoveAll(e => e.FileOffset < offset + length && e.FileEnd > offset);
}
