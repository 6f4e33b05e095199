using Layered.BlockStack.Tags;

namespace Layered.Leases;

public sealed partial class LeaseTable
{
    /// <summary>
    /// Fences a lease that outlived the break time. Completes once every attached tag is revoked
    /// and drained; at once when the lease was released after all. Every breaker reaching the
    /// same lease gets the same fence, and a breaker that gives up does not stop it.
    /// </summary>
    internal Task FenceAsync(LayoutLease lease)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<DeviceTag>? tags;
        lock (_lock)
        {
            if (lease.Fence is { } running) return running;
            tags = lease.TryBeginFence(done.Task);
        }
        if (tags is null) return Task.CompletedTask;
        _ = RevokeAsync(lease, tags, done);
        return done.Task;
    }

    internal void ReportFenceTimeout(IReadOnlyList<LayoutLease> leases, TimeSpan fenceTime)
    {
        foreach (var lease in leases)
            if (lease.Fence is { IsCompleted: false })
                _logger.FenceTimedOut(lease.Id, lease.Inode, lease.Holder.Name, fenceTime);
    }

    /// <summary>
    /// Revokes the tags device by device. A stacked device revokes its members' tags inside its
    /// own invalidate, so only what the holder attached is named here.
    /// </summary>
    private async Task RevokeAsync(LayoutLease lease, List<DeviceTag> tags, TaskCompletionSource done)
    {
        Counters.RecordFence();
        var devices = tags.GroupBy(t => t.Device).ToList();
        _logger.Fencing(lease.Id, lease.Inode, lease.Range.ToString(), lease.Holder.Name, _options.BreakTime, tags.Count, devices.Count);
        TellHolder(lease);

        var failures = new List<Exception>();
        foreach (var device in devices)
        {
            foreach (var tag in device)
            {
                try
                {
                    await device.Key.InvalidateAsync(tag).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _logger.RevokeFailed(ex, lease.Id, lease.Inode, tag.ToString());
                    failures.Add(ex);
                }
            }
        }

        // A failed revoke still ends the lease, so the table never wedges; the breakers that
        // needed this fence fail instead, and the filesystem leaves the blocks alone.
        lock (_lock) Forget(lease);
        lease.SignalEnded();
        if (failures.Count == 0)
        {
            _logger.Fenced(lease.Id, lease.Inode, lease.Holder.Name);
            done.TrySetResult();
        }
        else
        {
            done.TrySetException(new LeaseFenceException(
                $"{lease}: revoking {failures.Count} of {tags.Count} tag(s) failed", new AggregateException(failures)));
        }
    }

    /// <summary>Cancels the token the holder's recall callback was given: draining is moot once its tags go.</summary>
    private void TellHolder(LayoutLease lease)
    {
        try
        {
            lease.SignalFenced();
        }
        catch (AggregateException ex)
        {
            _logger.RecallFailed(ex, lease.Holder.Name, lease.Id, lease.Inode);
        }
    }
}
