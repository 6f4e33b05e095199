using Layered.Leases.Tests.Support;

namespace Layered.Leases.Tests;

public sealed class AcquireReleaseTests
{
    [Fact(Timeout = 30000)]
    public async Task AnAcquiredLeaseIsActiveUntilItsHolderReleasesIt()
    {
        var table = new LeaseTable();
        var holder = new CooperativeHolder();

        var lease = await table.AcquireAsync(7, 4096, 8192, LeaseMode.ReadWrite, holder);

        Assert.Equal(LeaseState.Active, lease.State);
        Assert.Equal((7UL, 4096L, 8192L, LeaseMode.ReadWrite), (lease.Inode, lease.Offset, lease.Length, lease.Mode));
        Assert.Same(lease, Assert.Single(table.Active(7)));
        await lease.ReleaseAsync();
        Assert.Equal(LeaseState.Released, lease.State);
        Assert.Equal(LeaseState.Released, await lease.Ended.WaitAsync(Bounds.Step));
        Assert.Empty(table.Active(7));
        Assert.Equal((1L, 1L, 0L), (table.Counters.Acquisitions, table.Counters.Releases, table.Counters.Waits));
    }

    [Fact(Timeout = 30000)]
    public async Task ReleasingTwiceCountsOnce()
    {
        var table = new LeaseTable();
        var lease = await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.Read, new CooperativeHolder());

        await lease.ReleaseAsync();
        await lease.DisposeAsync();

        Assert.Equal(1, table.Counters.Releases);
        Assert.Equal(0, table.Queued(1));
    }

    [Fact(Timeout = 30000)]
    public async Task LeasesNeverWaitForEachOtherWhateverTheirModes()
    {
        var table = new LeaseTable();
        var a = new CooperativeHolder("a");
        var b = new CooperativeHolder("b");

        var leases = new[]
        {
            await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.ReadWrite, a),
            await table.AcquireAsync(1, 0, 4096, LeaseMode.ReadWrite, b),
            await table.AcquireAsync(1, 100, 10, LeaseMode.Read, a),
        };

        Assert.Equal(3, table.Active(1).Count);
        Assert.All(leases, l => Assert.Equal(LeaseState.Active, l.State));
        Assert.Equal(0, a.Recalls + b.Recalls);
    }

    [Theory(Timeout = 30000)]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, -5)]
    [InlineData(10, long.MaxValue - 9)]
    public async Task RangesThatAreEmptyNegativeOrOverflowAreArgumentErrors(long offset, long length)
    {
        var table = new LeaseTable();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await table.AcquireAsync(1, offset, length, LeaseMode.Read, new CooperativeHolder()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await table.BreakAsync(1, offset, length));
        Assert.Empty(table.Active(1));
    }

    [Fact]
    public void BreakTimesOutsidePollysRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaseTable(new LeaseOptions { BreakTime = TimeSpan.FromMilliseconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaseTable(new LeaseOptions { FenceTime = TimeSpan.FromDays(2) }));
    }
}
