using System.Diagnostics;
using Layered.BlockStack;
using Layered.BlockStack.Tags;
using Layered.Leases.Tests.Support;
using Layered.TestKit.Timing;
using Microsoft.Extensions.Logging;

namespace Layered.Leases.Tests;

public sealed class FenceTests
{
    private static readonly LeaseOptions s_short = new() { BreakTime = TimeSpan.FromMilliseconds(200) };

    [Fact(Timeout = 30000)]
    public async Task AHolderThatIgnoresTheRecallIsFencedAfterTheBreakTime()
    {
        await using var rig = new DeviceRig();
        var log = new ListLogger();
        var table = new LeaseTable(s_short, log);
        var deaf = new DeafHolder("stuck client");
        var lease = await table.AcquireAsync(9, 0, Bounds.Rest(0), LeaseMode.ReadWrite, deaf);
        var tag = rig.Map(rig.Memory());
        Assert.True(lease.AttachTag(tag));
        Assert.Equal(IoStatus.Ok, (await DeviceRig.Read(tag)).Status);
        var clock = Stopwatch.StartNew();

        await using var scope = await table.BreakAsync(9, 0, 4096).AsTask().WaitAsync(Bounds.Step);

        Assert.True(clock.ElapsedMilliseconds >= 180, $"fenced after {clock.ElapsedMilliseconds} ms, before the break time");
        // The breaker goes on only after the fence: the tag is already revoked and drained here.
        Assert.Equal(TagState.Revoked, tag.State);
        Assert.Equal(0, tag.InFlight);
        Assert.Equal(LeaseState.Fenced, lease.State);
        Assert.True(lease.Ended.IsCompleted);
        Assert.Equal(LeaseState.Fenced, await lease.Ended);
        Assert.Equal(IoStatus.TagRevoked, (await DeviceRig.Read(tag)).Status);
        Assert.Equal(1, scope.FencedCount);
        // The recall callback runs off the breaker's thread (a slow holder must not stall it), so
        // on a busy machine it may be called only after the fence; it must then find its token cancelled.
        await Eventually.HoldsAsync(() => deaf.ToldFenced, Bounds.Step, "the holder's recall token being cancelled by the fence");
        Assert.Equal((1, 1L, 1L, 0L), (deaf.Recalls, table.Counters.Recalls, table.Counters.Fences, table.Counters.Releases));
        Assert.Empty(table.Active(9));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Fencing lease") && l.Message.Contains("stuck client"));
    }

    [Fact(Timeout = 30000)]
    public async Task AnInFlightTaggedIoDrainsBeforeTheBreakerContinues()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(s_short);
        var lease = await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.Read, new DeafHolder());
        var tag = rig.Map(rig.Slow(readDelayMs: 1500));
        lease.AttachTag(tag);
        var io = DeviceRig.Read(tag).AsTask();
        Assert.Equal(1, tag.InFlight);

        await using var scope = await table.BreakAsync(1, 0, Bounds.Rest(0)).AsTask().WaitAsync(Bounds.Step);

        // The drain ends when the device has finished the I/O and the tag let go of it; the
        // caller's task completes a moment later on its own continuation, so that is not the test.
        Assert.True(tag.InFlight == 0, "the breaker went on while an I/O of the fenced holder was in flight");
        Assert.Equal(IoStatus.Ok, (await io.WaitAsync(Bounds.Step)).Status); // it entered before the revoke, so it ran to completion
        Assert.Equal(LeaseState.Fenced, lease.State);
    }

    [Fact(Timeout = 30000)]
    public async Task FencingRevokesTheHoldersTagsOnEveryDevice()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(s_short);
        var lease = await table.AcquireAsync(1, 0, 1 << 20, LeaseMode.ReadWrite, new DeafHolder());
        var first = rig.Memory("first");
        var second = rig.Memory("second");
        var tags = new[] { rig.Map(first), rig.Map(second), rig.Map(first) };
        foreach (var tag in tags) Assert.True(lease.AttachTag(tag));
        var bystander = rig.Map(second); // another client's tag on the same device

        await using var scope = await table.BreakAsync(1, 0, 4096).AsTask().WaitAsync(Bounds.Step);

        Assert.All(tags, t => Assert.Equal(TagState.Revoked, t.State));
        foreach (var tag in tags) Assert.Equal(IoStatus.TagRevoked, (await DeviceRig.Read(tag)).Status);
        Assert.Equal(TagState.Live, bystander.State);
        Assert.Equal(IoStatus.Ok, (await DeviceRig.Read(bystander)).Status);
    }

    [Fact(Timeout = 30000)]
    public async Task AFenceThatCannotDrainWithinTheFenceTimeFailsTheBreaker()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(s_short with { FenceTime = TimeSpan.FromMilliseconds(200) });
        var lease = await table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new DeafHolder());
        var tag = rig.Map(rig.Slow(readDelayMs: 2000));
        lease.AttachTag(tag);
        var io = DeviceRig.Read(tag).AsTask();

        await Assert.ThrowsAsync<LeaseFenceException>(() => table.BreakAsync(1, 0, 4096).AsTask().WaitAsync(Bounds.Step));

        Assert.False(io.IsCompleted);
        Assert.Equal(TagState.Revoked, tag.State); // no new I/O even so
        Assert.Equal(0, table.Counters.Breaks);
        Assert.Equal(0, table.Queued(1)); // the failed breaker no longer holds the range
        await io.WaitAsync(Bounds.Step);
    }

    [Fact(Timeout = 30000)]
    public async Task TwoBreakersReachingOneStuckLeaseShareOneRecallAndOneFence()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(s_short);
        var deaf = new DeafHolder();
        var lease = await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.Read, deaf);
        lease.AttachTag(rig.Map(rig.Memory()));

        var scopes = await Task.WhenAll(
            table.BreakAsync(1, 0, 4096).AsTask(),
            table.BreakAsync(1, 1 << 20, 4096).AsTask()).WaitAsync(Bounds.Step);

        Assert.All(scopes, s => Assert.Equal(1, s.FencedCount));
        Assert.Equal((1L, 1L), (table.Counters.Recalls, table.Counters.Fences));
        // The callback itself runs off the breakers' threads and may come after the fence.
        await Eventually.HoldsAsync(() => deaf.Recalls > 0, Bounds.Step, "the holder's recall callback");
        Assert.Equal(1, deaf.Recalls);
        foreach (var scope in scopes) scope.Dispose();
    }

    [Fact(Timeout = 30000)]
    public async Task AFencedLeaseRefusesNewTagsAndIgnoresALateRelease()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(s_short);
        var lease = await table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new DeafHolder());
        (await table.BreakAsync(1, 0, 4096)).Dispose();

        Assert.False(lease.AttachTag(rig.Map(rig.Memory())));
        await lease.ReleaseAsync();
        Assert.Equal(LeaseState.Fenced, lease.State);
        Assert.Equal(0, table.Counters.Releases);
    }

    [Fact(Timeout = 30000)]
    public async Task AHolderWhoseRecallThrowsIsFencedLikeOneThatIgnoresIt()
    {
        var table = new LeaseTable(s_short);
        var lease = await table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new ThrowingHolder());

        await using var scope = await table.BreakAsync(1, 0, 4096).AsTask().WaitAsync(Bounds.Step);

        Assert.Equal(LeaseState.Fenced, lease.State);
    }
}
