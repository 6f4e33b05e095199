namespace Layered.Leases;

public sealed partial class LeaseTable
{
    /// <summary>
    /// Grants a lease on <c>[offset, offset + length)</c> of the inode. Returns at once unless a
    /// breaker that covers this lease holds or awaits an overlapping range; then it waits until
    /// that breaker's scope is disposed, at most <see cref="LeaseOptions.WaitLimit"/> (then
    /// <see cref="TimeoutException"/>).
    /// </summary>
    /// <param name="length">Bytes; <c>long.MaxValue - offset</c> for "to the end of the file".</param>
    public async ValueTask<LayoutLease> AcquireAsync(
        ulong inode, long offset, long length, LeaseMode mode, ILeaseHolder holder, CancellationToken ct = default)
    {
        var range = ByteRange.Create(offset, length);
        ArgumentNullException.ThrowIfNull(holder);
        ct.ThrowIfCancellationRequested();
        Counters.RecordAcquisition();
        if (!_options.Enabled) return NewLease(inode, range, mode, holder);

        var request = LeaseRequest.ForAcquire(range, mode, holder);
        lock (_lock)
        {
            var leases = InodeFor(inode);
            if (!leases.IsBlocked(request))
            {
                var lease = NewLease(inode, range, mode, holder);
                leases.Leases.Add(lease);
                return lease;
            }
            leases.Queue.Add(request);
        }
        Counters.RecordWait();
        await WaitForTurnAsync(inode, request, ct).ConfigureAwait(false);
        return request.Lease!;
    }

    /// <summary>Called by <see cref="LayoutLease.ReleaseAsync"/>.</summary>
    internal void Release(LayoutLease lease)
    {
        lock (_lock)
        {
            if (!lease.TryRelease()) return;
            Forget(lease);
        }
        Counters.RecordRelease();
        lease.SignalEnded();
    }

    private LayoutLease NewLease(ulong inode, ByteRange range, LeaseMode mode, ILeaseHolder holder) =>
        new(this, Interlocked.Increment(ref _nextLeaseId), inode, range, mode, holder);

    /// <summary>Under the lock: drops an ended lease, and the inode once nothing is left on it.</summary>
    private void Forget(LayoutLease lease)
    {
        if (!_inodes.TryGetValue(lease.Inode, out var leases)) return; // untracked: leases are disabled
        leases.Leases.Remove(lease);
        if (leases.IsIdle) _inodes.Remove(lease.Inode);
    }

    /// <summary>Under the lock.</summary>
    private InodeLeases InodeFor(ulong inode)
    {
        if (!_inodes.TryGetValue(inode, out var leases))
        {
            leases = new InodeLeases();
            _inodes.Add(inode, leases);
        }
        return leases;
    }
}
