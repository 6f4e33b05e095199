namespace Layered.Leases;

public sealed partial class LeaseTable
{
    /// <summary>
    /// Takes the range back before a mapping change: recalls every overlapping lease the options
    /// cover, waits for them to be released, fences those still live after the break time, and
    /// returns a scope. While the scope is held, covered acquisitions and overlapping breakers
    /// wait; dispose it once the mutation is done.
    /// </summary>
    /// <remarks>
    /// Overlapping breakers serialize in arrival order. A breaker waits at most
    /// <see cref="LeaseOptions.WaitLimit"/> for its turn (then <see cref="TimeoutException"/>).
    /// </remarks>
    /// <exception cref="LeaseBreakWouldBlockException">Non-blocking, and a covered lease or an earlier breaker is in the way. Nothing was recalled.</exception>
    /// <exception cref="LeaseFenceException">A fence failed or overran the fence time; the blocks must not be freed.</exception>
    public async ValueTask<BreakScope> BreakAsync(
        ulong inode, long offset, long length, BreakOptions? options = null, CancellationToken ct = default)
    {
        var range = ByteRange.Create(offset, length);
        options ??= BreakOptions.All;
        ct.ThrowIfCancellationRequested();
        if (!_options.Enabled) return new BreakScope(this, inode, range, null, []);

        var request = LeaseRequest.ForBreak(range, options);
        bool granted;
        lock (_lock)
        {
            var leases = InodeFor(inode);
            granted = !leases.IsBlocked(request);
            if (options.NonBlocking) RefuseIfWouldBlock(inode, leases, request, granted);
            leases.Queue.Add(request);
            if (granted) GrantBreak(leases, request);
        }
        try
        {
            if (!granted)
            {
                Counters.RecordQueuedBreak();
                await WaitForTurnAsync(inode, request, ct).ConfigureAwait(false);
            }
            if (request.Recall.Count > 0)
            {
                StartRecalls(request.Recall);
                await _recall.WaitAsync(request.Recall, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            Finish(inode, request);
            throw;
        }
        Counters.RecordBreak();
        return new BreakScope(this, inode, range, request, request.Recall);
    }

    /// <summary>Under the lock, before the request is queued.</summary>
    private void RefuseIfWouldBlock(ulong inode, InodeLeases leases, LeaseRequest request, bool granted)
    {
        var covered = granted ? leases.Covered(request.Range, request.BreakOptions!).Count : 0;
        if (granted && covered == 0) return;
        if (leases.IsIdle) _inodes.Remove(inode);
        Counters.RecordWouldBlock();
        throw new LeaseBreakWouldBlockException(inode, request.Range.ToString(),
            granted ? $"{covered} lease(s) to recall" : "another breaker holds or awaits the range");
    }

    /// <summary>Calls back each holder not yet called, off this thread, so a slow callback cannot stall the breaker.</summary>
    private void StartRecalls(IReadOnlyList<LayoutLease> recalled)
    {
        foreach (var lease in recalled)
        {
            bool first;
            lock (_lock) first = lease.TryBeginRecall();
            if (!first) continue;
            Counters.RecordRecall();
            _ = Task.Run(() => CallHolderAsync(lease));
        }
    }

    private async Task CallHolderAsync(LayoutLease lease)
    {
        try
        {
            await lease.Holder.RecallAsync(lease, lease.FencedToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lease.FencedToken.IsCancellationRequested)
        {
            // Fenced while draining: the holder was told to give up.
        }
        catch (Exception ex)
        {
            _logger.RecallFailed(ex, lease.Holder.Name, lease.Id, lease.Inode);
        }
    }
}
