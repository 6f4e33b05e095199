using Layered.BlockStack.Uring;
using Layered.Leases.Tests.Support;

namespace Layered.Leases.Tests;

public sealed class NonBlockingBreakTests
{
    private static readonly BreakOptions s_nonBlocking = new() { NonBlocking = true };

    [Fact(Timeout = 30000)]
    public async Task ANonBlockingBreakOverALeaseFailsWithEagainAndRecallsNothing()
    {
        var table = new LeaseTable();
        var holder = new CooperativeHolder();
        var lease = await table.AcquireAsync(4, 0, Bounds.Rest(0), LeaseMode.Read, holder);

        var refused = await Assert.ThrowsAsync<LeaseBreakWouldBlockException>(
            async () => await table.BreakAsync(4, 1 << 20, Bounds.Rest(1 << 20), s_nonBlocking));

        Assert.Equal(Errno.EAGAIN, refused.Errno);
        Assert.Equal(4UL, refused.Inode);
        Assert.Equal(0, holder.Recalls);
        Assert.Equal(LeaseState.Active, lease.State);
        Assert.Equal((1L, 0L, 0L), (table.Counters.WouldBlock, table.Counters.Breaks, table.Counters.Recalls));
        Assert.Equal(0, table.Queued(4));
        // Nothing was left behind: a new acquisition does not wait.
        await table.AcquireAsync(4, 0, 4096, LeaseMode.Read, holder).AsTask().WaitAsync(Bounds.Step);
        Assert.Equal(0, table.Counters.Waits);
    }

    [Fact(Timeout = 30000)]
    public async Task ANonBlockingBreakBehindAnotherBreakerFailsWithEagain()
    {
        var table = new LeaseTable();
        await using var held = await table.BreakAsync(4, 0, 4096);

        var refused = await Assert.ThrowsAsync<LeaseBreakWouldBlockException>(
            async () => await table.BreakAsync(4, 0, 8192, s_nonBlocking));

        Assert.Equal(Errno.EAGAIN, refused.Errno);
        Assert.Equal(1, table.Queued(4));
    }

    [Fact(Timeout = 30000)]
    public async Task ANonBlockingBreakWithNothingCoveredInTheWaySucceedsAtOnce()
    {
        var table = new LeaseTable();
        var writer = new CooperativeHolder("writer");
        await table.AcquireAsync(4, 0, 4096, LeaseMode.ReadWrite, writer);
        await table.AcquireAsync(4, 8192, 4096, LeaseMode.Read, writer);

        var options = s_nonBlocking with { OnlyReadLeases = true };
        await using (var scope = await table.BreakAsync(4, 0, 4096, options)) Assert.Empty(scope.Recalled);
        await using (var scope = await table.BreakAsync(4, 4096, 4096, s_nonBlocking)) Assert.Empty(scope.Recalled);

        Assert.Equal(0, writer.Recalls);
        Assert.Equal(2, table.Counters.Breaks);
    }
}
