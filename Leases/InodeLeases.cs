namespace Layered.Leases;

/// <summary>The leases and the queue of one inode. Accessed only under the table's lock.</summary>
internal sealed class InodeLeases
{
    /// <summary>Granted leases that have not ended: active, recalled, or fenced while the fence runs.</summary>
    public List<LayoutLease> Leases { get; } = [];

    /// <summary>
    /// Arrival order. Waiting acquisitions leave it when granted (they become leases); breakers
    /// stay until their scope is disposed, so later conflicting requests keep waiting behind them.
    /// </summary>
    public List<LeaseRequest> Queue { get; } = [];

    public bool IsIdle => Leases.Count == 0 && Queue.Count == 0;

    /// <summary>Whether any entry before <paramref name="index"/> blocks the request (the whole queue for a newcomer).</summary>
    public bool IsBlocked(LeaseRequest request, int index = int.MaxValue)
    {
        var end = Math.Min(index, Queue.Count);
        for (var i = 0; i < end; i++)
            if (Queue[i].Blocks(request)) return true;
        return false;
    }

    /// <summary>The leases a break of this range must wait for: every unended overlapping lease it covers.</summary>
    public List<LayoutLease> Covered(ByteRange range, BreakOptions options)
    {
        var covered = new List<LayoutLease>();
        foreach (var lease in Leases)
            if (lease.Range.Overlaps(range) && options.Covers(lease.Mode, lease.Holder)) covered.Add(lease);
        return covered;
    }
}
