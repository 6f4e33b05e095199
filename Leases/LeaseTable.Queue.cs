using Polly.Timeout;

namespace Layered.Leases;

public sealed partial class LeaseTable
{
    /// <summary>
    /// Waits until the queued request is granted, bounded by <see cref="LeaseOptions.WaitLimit"/>.
    /// A request that gives up leaves the queue, which may let later requests through.
    /// </summary>
    private async ValueTask WaitForTurnAsync(ulong inode, LeaseRequest request, CancellationToken ct)
    {
        try
        {
            await _waitLimit.ExecuteAsync(
                static (r, token) => new ValueTask(r.Granted.WaitAsync(token)), request, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            if (!Withdraw(inode, request)) return; // granted in the same instant: the grant stands
            if (ex is TimeoutRejectedException)
                throw new TimeoutException($"inode {inode}: {request} waited longer than {_options.WaitLimit}", ex);
            throw;
        }
    }

    /// <summary>Takes a waiting request out of the queue; false when it was granted meanwhile.</summary>
    private bool Withdraw(ulong inode, LeaseRequest request)
    {
        var woken = new List<LeaseRequest>();
        lock (_lock)
        {
            if (request.IsGranted) return false;
            Remove(inode, request, woken);
        }
        foreach (var r in woken) r.Signal();
        return true;
    }

    /// <summary>A breaker is done (its scope was disposed, or it failed): later requests may go.</summary>
    internal void Finish(ulong inode, LeaseRequest request)
    {
        var woken = new List<LeaseRequest>();
        lock (_lock) Remove(inode, request, woken);
        foreach (var r in woken) r.Signal();
    }

    /// <summary>Under the lock.</summary>
    private void Remove(ulong inode, LeaseRequest request, List<LeaseRequest> woken)
    {
        if (!_inodes.TryGetValue(inode, out var leases) || !leases.Queue.Remove(request)) return;
        Pump(inode, leases, woken);
        if (leases.IsIdle) _inodes.Remove(inode);
    }

    /// <summary>
    /// Under the lock: grants, in arrival order, every waiting request that no earlier
    /// unfinished request blocks. Granted acquisitions become leases and leave the queue, so a
    /// breaker behind them sees them in its recall set.
    /// </summary>
    private void Pump(ulong inode, InodeLeases leases, List<LeaseRequest> woken)
    {
        for (var i = 0; i < leases.Queue.Count; i++)
        {
            var request = leases.Queue[i];
            if (request.IsGranted || leases.IsBlocked(request, i)) continue;
            woken.Add(request);
            if (request.BreakOptions is not null)
            {
                GrantBreak(leases, request);
                continue;
            }
            var lease = NewLease(inode, request.Range, request.Mode, request.Holder!);
            leases.Leases.Add(lease);
            request.GrantAcquire(lease);
            leases.Queue.RemoveAt(i--);
        }
    }

    /// <summary>Under the lock: the breaker's recall set is fixed now, while later covered acquisitions wait.</summary>
    private static void GrantBreak(InodeLeases leases, LeaseRequest request) =>
        request.GrantBreak(leases.Covered(request.Range, request.BreakOptions!));
}
