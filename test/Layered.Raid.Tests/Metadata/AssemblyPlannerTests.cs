using Layered.BlockStack;
using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

public sealed class AssemblyPlannerTests
{
    private static readonly AssemblyOptions s_default = new();

    [Fact]
    public void MembersInEveryOrderAssembleIdentically()
    {
        var array = new TestArray(RaidLevel.Raid5, 4, "r5-");
        var foreign = new TestArray(RaidLevel.Raid1, 2, "other-");
        var candidates = array.Candidates();
        candidates.Add(array.Spare("spare"));
        candidates.Add(foreign.Candidate(0));
        var plans = Permutations(candidates).Select(order => AssemblyPlanner.Plan(order, s_default)).ToList();
        Assert.Equal(720, plans.Count);
        var expected = plans[0].ToString();
        foreach (var plan in plans)
        {
            Assert.Equal(expected, plan.ToString());
            Assert.True(plan.CanStart, plan.ToString());
            Assert.Equal(array.Devices, plan.MembersBySlot);
            Assert.Equal(array.View.ArrayId, plan.ArrayId);
            Assert.Equal(plans[0].Superblock, plan.Superblock);
        }
        Assert.Equal("spare", Assert.Single(plans[0].Spares).Name);
        Assert.Equal("other-0", Assert.Single(plans[0].Refused).Device);
    }

    [Fact]
    public void AStaleMemberIsRefusedWithItsNameAndEventCounts()
    {
        var array = new TestArray(RaidLevel.Raid5, 4, "d");
        array.Publish(array.View.Bump(), 0, 1, 2);
        var plan = AssemblyPlanner.Plan(array.Candidates(3, 1, 0, 2), s_default);
        var refused = Assert.Single(plan.Refused);
        Assert.Equal("d3", refused.Device);
        Assert.Equal("stale: events 1 < 2", refused.Reason);
        Assert.True(plan.CanStart, plan.ToString());
        Assert.True(plan.Degraded);
        Assert.False(plan.Dirty);
        Assert.Null(plan.MembersBySlot[3]);
        Assert.Equal(MemberState.Faulty, plan.SlotStates[3]);
    }

    [Fact]
    public void AMemberTheArrayMarkedFaultyIsNamedButNotUsed()
    {
        var array = new TestArray(RaidLevel.Raid1, 3, "m");
        array.Publish(array.View.WithSlotState(2, MemberState.Faulty).Bump(), 0, 1);
        var plan = AssemblyPlanner.Plan(array.Candidates(), s_default);
        var (device, reason) = Assert.Single(plan.Refused);
        Assert.Equal("m2", device);
        Assert.Equal("marked Faulty in slot 2 at events 2; not used (stale: events 1 < 2)", reason);
        Assert.Equal([MemberState.Active, MemberState.Active, MemberState.Faulty], plan.SlotStates);
        Assert.True(plan.CanStart);
    }

    [Fact]
    public void AForeignMemberIsRefusedNamingBothArrays()
    {
        var mine = new TestArray(RaidLevel.Raid5, 4, "mine");
        var theirs = new TestArray(RaidLevel.Raid1, 2, "theirs");
        var candidates = mine.Candidates();
        candidates.Insert(0, theirs.Candidate(1));
        var plan = AssemblyPlanner.Plan(candidates, s_default);
        var (device, reason) = Assert.Single(plan.Refused);
        Assert.Equal("theirs1", device);
        Assert.Equal($"belongs to array {theirs.View.ArrayLabel}, not {mine.View.ArrayLabel}", reason);
        Assert.True(plan.CanStart);

        var asked = AssemblyPlanner.Plan(candidates, new AssemblyOptions { ArrayId = theirs.View.ArrayId });
        Assert.Equal(4, asked.Refused.Count);
        Assert.All(asked.Refused, r => Assert.StartsWith($"belongs to array {mine.View.ArrayLabel}", r.Reason));
        Assert.True(asked.CanStart, asked.ToString());
        Assert.True(asked.Degraded);

        var missing = AssemblyPlanner.Plan(candidates, new AssemblyOptions { ArrayId = Guid.NewGuid() });
        Assert.False(missing.CanStart);
        Assert.StartsWith("no device belongs to array", missing.Error);
    }

    [Fact]
    public void AnArrayOfEqualSizeWithMoreEventsIsChosenWhenNoneIsNamed()
    {
        var first = new TestArray(RaidLevel.Raid1, 2, "first");
        var second = new TestArray(RaidLevel.Raid1, 2, "second");
        second.PublishToAll(second.View.Bump());
        var plan = AssemblyPlanner.Plan([.. first.Candidates(), .. second.Candidates()], s_default);
        Assert.Equal(second.View.ArrayId, plan.ArrayId);
        Assert.Equal(["first0", "first1"], plan.Refused.Select(r => r.Device));
    }

    [Fact]
    public void AMemberWithAnotherChunkSizeIsRefused()
    {
        var array = new TestArray(RaidLevel.Raid5, 4, "c");
        array.Superblocks[2] = array.Superblocks[2]! with { ChunkBytes = 128 << 10, UpdatedAt = array.View.UpdatedAt.AddDays(-1) };
        var plan = AssemblyPlanner.Plan(array.Candidates(), s_default);
        var (device, reason) = Assert.Single(plan.Refused);
        Assert.Equal("c2", device);
        Assert.Matches(@"^geometry differs from c[013]: chunk 131072 bytes vs 65536$", reason);
        Assert.Null(plan.MembersBySlot[2]);
    }

    [Fact]
    public void OfTwoClaimsOnOneSlotTheFresherIsKept()
    {
        var array = new TestArray(RaidLevel.Raid1, 2, "r");
        var oldCopy = (Device: (IBlockDevice)Layered.BlockStack.Memory.MemoryDevice.Create(64L << 20, 512, "r1-old"), Superblock: array.Superblocks[1]);
        array.PublishToAll(array.View.Bump());
        foreach (var order in Permutations([.. array.Candidates(), (oldCopy.Device, oldCopy.Superblock, null)]))
        {
            var plan = AssemblyPlanner.Plan(order, s_default);
            Assert.Same(array.Devices[1], plan.MembersBySlot[1]);
            var (device, reason) = Assert.Single(plan.Refused);
            Assert.Equal("r1-old", device);
            Assert.Equal("slot 1 is held by the fresher r1 (events 2 > 1)", reason);
        }

        var clone = AssemblyPlanner.Plan([.. array.Candidates(), (oldCopy.Device, array.Superblocks[1], null)], s_default);
        Assert.Equal("duplicate of r1 in slot 1 (device " + array.Devices[1].Id + ", both at events 2)", Assert.Single(clone.Refused).Reason);
    }

    [Fact]
    public void AReplacedMemberIsRefusedBecauseItsSlotRecordsAnotherDevice()
    {
        var array = new TestArray(RaidLevel.Raid1, 2, "r");
        var replacement = Guid.NewGuid();
        var oldDevice = array.Devices[1].Id;
        var view = array.View.WithSlotDevice(1, replacement, MemberState.Rebuilding).WithRebuildOffset(1, 0).Bump();
        array.Publish(view, 0);
        var plan = AssemblyPlanner.Plan(array.Candidates(), s_default);
        var (device, reason) = Assert.Single(plan.Refused);
        Assert.Equal("r1", device);
        Assert.Equal($"claims slot 1 as device {oldDevice}, but the array records device {replacement} there (stale: events 1 < 2)", reason);
        Assert.True(plan.CanStart);
    }

    [Fact]
    public void AReplacementInProgressReturnsBesideTheMemberItReplaces()
    {
        var array = new TestArray(RaidLevel.Raid5, 3, "q");
        var incoming = array.Spare("incoming");
        var view = array.View.WithReplacement(1, incoming.Device.Id, 8 << 20).Bump();
        array.PublishToAll(view);
        (IBlockDevice, MemberSuperblock?, string?) replacement = (incoming.Device, view.ForMember(incoming.Device.Id, 1), null);
        var plan = AssemblyPlanner.Plan([replacement, .. array.Candidates()], s_default);
        Assert.True(plan.CanStart, plan.ToString());
        Assert.Empty(plan.Refused);
        Assert.Same(array.Devices[1], plan.MembersBySlot[1]);
        Assert.Same(incoming.Device, plan.ReplacementsBySlot[1]);
        Assert.Empty(plan.Spares);

        // Without its old member the slot is missing: a replacement is not yet a copy.
        var alone = AssemblyPlanner.Plan([replacement, .. array.Candidates(0, 2)], s_default);
        Assert.True(alone.Degraded);
        Assert.Same(incoming.Device, alone.ReplacementsBySlot[1]);
        Assert.Equal(MemberState.Faulty, alone.SlotStates[1]);

        // Once the replace completed, the old member's claim on the slot is refused.
        var done = view.CompleteReplacement(1).Bump();
        array.Publish(done, 0, 2);
        var after = AssemblyPlanner.Plan([(incoming.Device, done.ForMember(incoming.Device.Id, 1), null), .. array.Candidates()], s_default);
        Assert.Same(incoming.Device, after.MembersBySlot[1]);
        Assert.Equal("q1", Assert.Single(after.Refused).Device);
        Assert.StartsWith("claims slot 1 as device", after.Refused[0].Reason);
    }

    [Fact]
    public void MembersThatDisagreeAtTheSameEventCountAreRefusedAsSplitBrain()
    {
        var array = new TestArray(RaidLevel.Raid1, 2, "s");
        var view = array.View.Bump();
        array.Publish(view.WithSlotState(1, MemberState.Faulty), 0);
        array.Publish(view.WithSlotState(0, MemberState.Faulty), 1);
        var plan = AssemblyPlanner.Plan(array.Candidates(), s_default);
        // Whichever copy rules, the other member is marked faulty in it and is not used.
        Assert.Single(plan.Refused);
        Assert.Contains("marked Faulty", plan.Refused[0].Reason);

        array.Publish(view, 0);
        array.Publish(view.WithClean(false), 1);
        var split = AssemblyPlanner.Plan(array.Candidates(), s_default);
        Assert.Contains("split brain", Assert.Single(split.Refused).Reason);
    }

    [Fact]
    public void ASpareIsAcceptedAsASpareUnlessTheArrayHasSinceGivenItASlot()
    {
        var array = new TestArray(RaidLevel.Raid5, 4, "p");
        var spare = array.Spare("spare");
        var plan = AssemblyPlanner.Plan([.. array.Candidates(), spare], s_default);
        Assert.Same(spare.Device, Assert.Single(plan.Spares));
        Assert.Empty(plan.Refused);

        array.Publish(array.View.WithSlotDevice(3, spare.Superblock!.DeviceId, MemberState.Rebuilding).WithRebuildOffset(3, 0).Bump(), 0, 1, 2);
        var promoted = AssemblyPlanner.Plan([.. array.Candidates(0, 1, 2), spare], s_default);
        Assert.Empty(promoted.Spares);
        Assert.Equal("its superblock says spare (events 1), but the array records it in slot 3 at events 2", Assert.Single(promoted.Refused).Reason);
    }

    [Fact]
    public void DevicesWithoutASuperblockAreRefusedByName()
    {
        var array = new TestArray(RaidLevel.Raid0, 2, "z");
        array.Superblocks[1] = null;
        var candidates = array.Candidates();
        candidates.Add(candidates[0]);
        var plan = AssemblyPlanner.Plan(candidates, s_default);
        Assert.Equal(new[] { ("z0", "listed more than once"), ("z1", "no superblock (magic mismatch)") }, plan.Refused);
        Assert.False(plan.CanStart);
        Assert.Contains("slot 1: device", plan.Error);
        Assert.Contains("it needs every member", plan.Error);

        var none = AssemblyPlanner.Plan([array.Candidate(1)], s_default);
        Assert.Equal("no device carries a valid Layered RAID superblock", none.Error);
    }

    [Fact]
    public void ADirtyDegradedArrayStartsOnlyWhenForced()
    {
        var array = new TestArray(RaidLevel.Raid5, 4, "x");
        array.PublishToAll(array.View.WithClean(false).Bump());
        var whole = AssemblyPlanner.Plan(array.Candidates(), s_default);
        Assert.True(whole.CanStart);
        Assert.True(whole.Dirty);
        Assert.False(whole.Degraded);

        var degraded = AssemblyPlanner.Plan(array.Candidates(0, 1, 3), s_default);
        Assert.False(degraded.CanStart);
        Assert.Equal($"array {array.View.ArrayLabel} is dirty and degraded; a write may have been lost in flight; pass --force to start it anyway", degraded.Error);

        var forced = AssemblyPlanner.Plan(array.Candidates(0, 1, 3), new AssemblyOptions { Force = true });
        Assert.True(forced.CanStart);
        Assert.Null(forced.Error);
        Assert.True(forced.Dirty && forced.Degraded);
    }

    [Fact]
    public async Task CandidatesReadFromDevicesAssemble()
    {
        var array = new TestArray(RaidLevel.Raid6, 4, "io");
        for (var slot = 0; slot < 4; slot++) Assert.True((await array.Superblocks[slot]!.WriteAsync(array.Devices[slot])).IsOk);
        await using var blank = Layered.BlockStack.Memory.MemoryDevice.Create(64L << 20, 4096, "blank");
        var candidates = await AssemblyPlanner.ReadCandidatesAsync([array.Devices[2], blank, array.Devices[0], array.Devices[3], array.Devices[1]]);
        var plan = AssemblyPlanner.Plan(candidates, s_default);
        Assert.True(plan.CanStart, plan.ToString());
        Assert.Equal(array.Devices, plan.MembersBySlot);
        Assert.Equal("blank", Assert.Single(plan.Refused).Device);
        Assert.Contains("magic", plan.Refused[0].Reason);
    }

    internal static IEnumerable<List<T>> Permutations<T>(List<T> items)
    {
        if (items.Count <= 1) { yield return [.. items]; yield break; }
        for (var i = 0; i < items.Count; i++)
        {
            var rest = new List<T>(items);
            rest.RemoveAt(i);
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }
}
