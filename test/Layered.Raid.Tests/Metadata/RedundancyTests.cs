using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

/// <summary>Which members may be missing, per level: the rules and the planner must agree.</summary>
public sealed class RedundancyTests
{
    public static TheoryData<RaidLevel, int, int[], bool> Cases => new()
    {
        { RaidLevel.Linear, 1, [], true },
        { RaidLevel.Linear, 3, [], true },
        { RaidLevel.Linear, 3, [1], false },
        { RaidLevel.Raid0, 2, [], true },
        { RaidLevel.Raid0, 2, [0], false },
        { RaidLevel.Raid0, 4, [3], false },
        { RaidLevel.Raid1, 2, [0], true },
        { RaidLevel.Raid1, 3, [0, 2], true },
        { RaidLevel.Raid1, 2, [0, 1], false },
        { RaidLevel.Raid10, 4, [0], true },
        { RaidLevel.Raid10, 4, [0, 2], true },
        { RaidLevel.Raid10, 4, [1, 3], true },
        { RaidLevel.Raid10, 4, [0, 1], false },
        { RaidLevel.Raid10, 6, [1, 2, 5], true },
        { RaidLevel.Raid10, 6, [2, 3], false },
        { RaidLevel.Raid5, 3, [], true },
        { RaidLevel.Raid5, 3, [2], true },
        { RaidLevel.Raid5, 4, [0, 3], false },
        { RaidLevel.Raid6, 4, [0, 1], true },
        { RaidLevel.Raid6, 5, [4, 2], true },
        { RaidLevel.Raid6, 5, [0, 1, 2], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ACleanArrayStartsExactlyWhenItsLevelCoversTheMissingMembers(RaidLevel level, int members, int[] missing, bool startable)
    {
        var array = new TestArray(level, members, "t");
        var present = Enumerable.Range(0, members).Except(missing).ToArray();
        var plan = AssemblyPlanner.Plan([.. present.Select(array.Candidate)], new AssemblyOptions());
        var states = Enumerable.Range(0, members).Select(s => missing.Contains(s) ? MemberState.Faulty : MemberState.Active).ToArray();
        Assert.Equal(startable, RaidRules.IsStartable(level, states));
        Assert.Equal(startable, plan.CanStart);
        if (present.Length == 0)
        {
            Assert.Equal("no device carries a valid Layered RAID superblock", plan.Error);
            return;
        }
        Assert.Equal(missing.Length > 0, plan.Degraded);
        if (startable) Assert.Null(plan.Error);
        else
        {
            Assert.Contains($"cannot start: {missing.Length} slots have no in-sync member", plan.Error);
            foreach (var slot in missing) Assert.Contains($"slot {slot}: device {array.Devices[slot].Id} not found", plan.Error);
        }
    }

    [Fact]
    public void ARebuildingMemberServesButDoesNotCountAsACopy()
    {
        var array = new TestArray(RaidLevel.Raid1, 2, "b");
        array.PublishToAll(array.View.WithSlotState(1, MemberState.Rebuilding).WithRebuildOffset(1, 4096).Bump());
        var both = AssemblyPlanner.Plan(array.Candidates(), new AssemblyOptions());
        Assert.True(both.CanStart);
        Assert.False(both.Degraded);
        Assert.Equal(MemberState.Rebuilding, both.SlotStates[1]);

        var onlyRebuilding = AssemblyPlanner.Plan(array.Candidates(1), new AssemblyOptions { Force = true });
        Assert.False(onlyRebuilding.CanStart);
        Assert.Contains("slot 1: b1 is still rebuilding", onlyRebuilding.Error);
    }

    [Theory]
    [InlineData(RaidLevel.Linear, 1, 0)]
    [InlineData(RaidLevel.Raid0, 1, 0)]
    [InlineData(RaidLevel.Raid1, 1, 0)]
    [InlineData(RaidLevel.Raid1, 3, 2)]
    [InlineData(RaidLevel.Raid10, 2, 1)]
    [InlineData(RaidLevel.Raid10, 8, 4)]
    [InlineData(RaidLevel.Raid5, 3, 1)]
    [InlineData(RaidLevel.Raid6, 4, 2)]
    public void TheRulesStateMinimumsAndTolerances(RaidLevel level, int members, int maxMissing)
    {
        Assert.True(RaidRules.MinMembers(level) <= members);
        Assert.Null(RaidRules.CheckMemberCount(level, members));
        Assert.Equal(maxMissing, RaidRules.MaxMissing(level, members));
        Assert.NotNull(RaidRules.CheckMemberCount(level, RaidRules.MinMembers(level) - 1));
        Assert.NotNull(RaidRules.CheckMemberCount(level, RaidRules.MaxMembers + 1));
        Assert.Contains("even", RaidRules.CheckMemberCount(RaidLevel.Raid10, 3));
    }
}
