using System.Diagnostics;
using Layered.BlockStack.Tags;
using Layered.Leases.Tests.Support;

namespace Layered.Leases.Tests;

public sealed class BreakRecallTests
{
    [Fact(Timeout = 30000)]
    public async Task BreakRecallsACooperativeHolderAndWaitsForItsRelease()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable();
        var holder = new CooperativeHolder(releaseDelayMs: 300);
        var lease = await table.AcquireAsync(3, 0, Bounds.Rest(0), LeaseMode.ReadWrite, holder);
        var tag = rig.Map(rig.Memory());
        Assert.True(lease.AttachTag(tag));
        var clock = Stopwatch.StartNew();

        await using var scope = await table.BreakAsync(3, 8192, Bounds.Rest(8192)).AsTask().WaitAsync(Bounds.Step);

        Assert.True(clock.ElapsedMilliseconds >= 250, $"the breaker went on after {clock.ElapsedMilliseconds} ms, before the release");
        Assert.Equal(1, holder.Recalls);
        Assert.Equal(LeaseState.Released, lease.State);
        Assert.Same(lease, Assert.Single(scope.Recalled));
        Assert.Equal(0, scope.FencedCount);
        Assert.Equal(TagState.Live, tag.State); // a release leaves the holder's tags to the holder
        Assert.Equal((1L, 1L, 1L, 0L), (table.Counters.Breaks, table.Counters.Recalls, table.Counters.Releases, table.Counters.Fences));
    }

    [Fact(Timeout = 30000)]
    public async Task LeasesOutsideTheBrokenRangeOrOnOtherInodesAreUntouched()
    {
        var table = new LeaseTable();
        var holder = new CooperativeHolder();
        var before = await table.AcquireAsync(1, 0, 4096, LeaseMode.ReadWrite, holder);
        var after = await table.AcquireAsync(1, 8192, Bounds.Rest(8192), LeaseMode.Read, holder);
        var elsewhere = await table.AcquireAsync(2, 0, Bounds.Rest(0), LeaseMode.ReadWrite, holder);

        await using (var scope = await table.BreakAsync(1, 4096, 4096).AsTask().WaitAsync(Bounds.Step))
            Assert.Empty(scope.Recalled);

        Assert.Equal(0, holder.Recalls);
        Assert.All(new[] { before, after, elsewhere }, l => Assert.Equal(LeaseState.Active, l.State));
    }

    [Fact(Timeout = 30000)]
    public async Task ABreakOfReadLeasesByOthersSparesReadWriteLeasesAndTheBreakersOwn()
    {
        var table = new LeaseTable();
        var writer = new CooperativeHolder("writer");
        var reader = new CooperativeHolder("reader");
        var writersWrite = await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.ReadWrite, writer);
        var writersRead = await table.AcquireAsync(1, 0, 65536, LeaseMode.Read, writer);
        var readersRead = await table.AcquireAsync(1, 4096, 4096, LeaseMode.Read, reader);
        var options = new BreakOptions { OnlyReadLeases = true, ExceptHolder = writer };

        await using var scope = await table.BreakAsync(1, 0, 65536, options).AsTask().WaitAsync(Bounds.Step);

        Assert.Same(readersRead, Assert.Single(scope.Recalled));
        Assert.Equal(LeaseState.Released, readersRead.State);
        Assert.Equal(LeaseState.Active, writersWrite.State);
        Assert.Equal(LeaseState.Active, writersRead.State);
        Assert.Equal(0, writer.Recalls);
        // What the break spares does not wait behind it either.
        var spared = await table.AcquireAsync(1, 0, 4096, LeaseMode.ReadWrite, reader).AsTask().WaitAsync(Bounds.Step);
        Assert.Equal(LeaseState.Active, spared.State);
    }

    [Fact(Timeout = 30000)]
    public async Task AnAcquisitionWaitsWhileABreakScopeIsHeldAndProceedsAfter()
    {
        var table = new LeaseTable();
        var scope = await table.BreakAsync(5, 0, Bounds.Rest(0));

        var waiting = table.AcquireAsync(5, 4096, 4096, LeaseMode.Read, new CooperativeHolder()).AsTask();
        var unrelated = await table.AcquireAsync(6, 4096, 4096, LeaseMode.Read, new CooperativeHolder()).AsTask().WaitAsync(Bounds.Step);
        await Task.Delay(Bounds.Settle);

        Assert.False(waiting.IsCompleted, "an acquisition was granted under a held break scope");
        Assert.Equal(LeaseState.Active, unrelated.State);
        scope.Dispose();
        var lease = await waiting.WaitAsync(Bounds.Step);
        Assert.Equal(LeaseState.Active, lease.State);
        Assert.Equal(1, table.Counters.Waits);
    }

    [Fact(Timeout = 30000)]
    public async Task OverlappingBreakersTakeTurnsWhileDisjointOnesDoNot()
    {
        var table = new LeaseTable();
        var first = await table.BreakAsync(1, 0, 8192);

        var overlapping = table.BreakAsync(1, 4096, 8192).AsTask();
        var disjoint = await table.BreakAsync(1, 16384, 4096).AsTask().WaitAsync(Bounds.Step);
        await Task.Delay(Bounds.Settle);

        Assert.False(overlapping.IsCompleted, "two overlapping break scopes were held at once");
        await first.DisposeAsync();
        await using var second = await overlapping.WaitAsync(Bounds.Step);
        await disjoint.DisposeAsync();
        Assert.Equal(1, table.Counters.QueuedBreaks);
    }

    [Fact(Timeout = 30000)]
    public async Task ALeaseGrantedAheadOfAQueuedBreakerIsRecalledByIt()
    {
        var table = new LeaseTable();
        var holder = new CooperativeHolder();
        var first = await table.BreakAsync(1, 0, 4096);
        var acquisition = table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.Read, holder).AsTask();
        var second = table.BreakAsync(1, 65536, 4096).AsTask(); // disjoint from first, but covers the queued lease
        await Task.Delay(Bounds.Settle);
        Assert.False(second.IsCompleted, "a breaker overtook an acquisition that arrived before it");

        first.Dispose();
        var lease = await acquisition.WaitAsync(Bounds.Step);
        await using var scope = await second.WaitAsync(Bounds.Step);

        Assert.Same(lease, Assert.Single(scope.Recalled));
        Assert.Equal(LeaseState.Released, lease.State);
        Assert.Equal(1, holder.Recalls);
    }

    [Fact(Timeout = 30000)]
    public async Task ABreakerCancelledWhileWaitingForARecallLetsWaitingAcquisitionsGo()
    {
        var table = new LeaseTable(new LeaseOptions { BreakTime = TimeSpan.FromSeconds(20) });
        var deaf = new DeafHolder();
        var stuck = await table.AcquireAsync(1, 0, 4096, LeaseMode.ReadWrite, deaf);
        using var cancel = new CancellationTokenSource();
        var breaking = table.BreakAsync(1, 0, 4096, ct: cancel.Token).AsTask();
        var acquisition = table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new CooperativeHolder()).AsTask();
        await Task.Delay(Bounds.Settle);
        Assert.False(acquisition.IsCompleted);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => breaking.WaitAsync(Bounds.Step));
        var lease = await acquisition.WaitAsync(Bounds.Step);
        Assert.Equal(LeaseState.Active, lease.State);
        Assert.Equal(LeaseState.Recalled, stuck.State); // recalled still: the next breaker waits for it
        Assert.Equal(0, table.Counters.Breaks);
    }
}
