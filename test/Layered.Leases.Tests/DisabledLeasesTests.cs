using Layered.BlockStack.Tags;
using Layered.Leases.Tests.Support;

namespace Layered.Leases.Tests;

/// <summary>The negative control: with leases off, a break protects nothing, which the safety suites must notice.</summary>
public sealed class DisabledLeasesTests
{
    [Fact(Timeout = 30000)]
    public async Task WithLeasesDisabledABreakNeitherRecallsNorWaitsNorFences()
    {
        await using var rig = new DeviceRig();
        var table = new LeaseTable(new LeaseOptions { Enabled = false, BreakTime = TimeSpan.FromMilliseconds(50) });
        var deaf = new DeafHolder();
        var lease = await table.AcquireAsync(1, 0, Bounds.Rest(0), LeaseMode.ReadWrite, deaf);
        var tag = rig.Map(rig.Memory());
        Assert.True(lease.AttachTag(tag));

        await using (var scope = await table.BreakAsync(1, 0, Bounds.Rest(0)).AsTask().WaitAsync(Bounds.Step))
        {
            Assert.Empty(scope.Recalled);
            // Nor does an acquisition wait behind the scope.
            await table.AcquireAsync(1, 0, 4096, LeaseMode.Read, deaf).AsTask().WaitAsync(Bounds.Step);
        }
        await using (await table.BreakAsync(1, 0, 4096, new BreakOptions { NonBlocking = true })) { }
        await Task.Delay(Bounds.Settle);

        Assert.Equal(0, deaf.Recalls);
        Assert.Equal(LeaseState.Active, lease.State);
        Assert.Equal(TagState.Live, tag.State);
        Assert.Equal((0L, 0L, 0L), (table.Counters.Recalls, table.Counters.Fences, table.Counters.WouldBlock));
        Assert.Empty(table.Active(1));
    }
}
