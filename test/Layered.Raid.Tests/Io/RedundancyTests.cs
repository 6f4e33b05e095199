using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;

namespace Layered.Raid.Tests.Io;

public sealed class RedundancyTests
{
    private const long ArrayBytes = 8L << 20;

    public static TheoryData<RaidLevel, int> RedundantLevels => new()
    {
        { RaidLevel.Raid1, 2 }, { RaidLevel.Raid1, 3 }, { RaidLevel.Raid10, 4 }, { RaidLevel.Raid10, 6 },
        { RaidLevel.Raid5, 3 }, { RaidLevel.Raid5, 5 }, { RaidLevel.Raid6, 4 }, { RaidLevel.Raid6, 6 },
    };

    [Theory]
    [MemberData(nameof(RedundantLevels))]
    public async Task FailingEveryMemberInTurnLeavesTheContentsUnchanged(RaidLevel level, int members)
    {
        for (var slot = 0; slot < members; slot++)
        {
            await using var raid = RaidSets.Create(level, RaidSets.MemoryMembers(level, members, ArrayBytes));
            await RaidSets.FillAsync(raid, stamp: 11);
            raid.Fail(slot);
            Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 11));
            await RaidSets.FillAsync(raid, stamp: 12);
            Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 12));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public async Task Raid6SurvivesEveryPairOfFailures(int members)
    {
        for (var a = 0; a < members; a++)
            for (var b = a + 1; b < members; b++)
            {
                await using var raid = RaidSets.Create(RaidLevel.Raid6, RaidSets.MemoryMembers(RaidLevel.Raid6, members, ArrayBytes));
                await RaidSets.FillAsync(raid, stamp: 21);
                raid.Fail(a);
                raid.Fail(b);
                Assert.True(await RaidSets.FirstWrongSectorAsync(raid, stamp: 21) == -1, $"failed slots {a} and {b}");
            }
    }

    [Fact]
    public async Task BeyondRedundancyReadsFailCleanlyAndNeverReturnWrongData()
    {
        await using var raid = RaidSets.Create(RaidLevel.Raid5, RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes));
        await RaidSets.FillAsync(raid, stamp: 31);
        raid.Fail(0);
        raid.Fail(2);
        using var memory = new AlignedMemory(64 * 1024);
        int failed = 0, served = 0;
        for (long sector = 0; sector < raid.SectorCount; sector += memory.Length / 512)
        {
            var result = await raid.ReadAsync(sector, memory.Memory);
            if (!result.IsOk)
            {
                Assert.Equal(IoStatus.IoError, result.Status);
                failed++;
                continue;
            }
            Assert.Equal(-1, TestKit.Contracts.Patterns.FirstMismatch(memory.Span, sector, 512, 31));
            served++;
        }
        Assert.True(failed > 0, "no read needed the two missing members");
        Assert.True(served > 0, "rows whose data members survive should still read");
        Assert.Equal(IoStatus.IoError, (await raid.WriteAsync(0, memory.Memory)).Status);
    }

    [Theory]
    [InlineData(RaidLevel.Raid1, 2)]
    [InlineData(RaidLevel.Raid5, 4)]
    [InlineData(RaidLevel.Raid6, 5)]
    public async Task AReadErrorThatRewritesCleanlyIsRepairedAndTheMemberStays(RaidLevel level, int members)
    {
        var sims = RaidSets.SimulatedMembers(level, members, ArrayBytes, seed: 40);
        await using var raid = RaidSets.Create(level, sims);
        await RaidSets.FillAsync(raid, stamp: 41);
        // Rows 0 and 1 of one member: whatever copy or parity rotation, one of them is a data read.
        sims[0].MarkLatent(raid.Layout.DataOffsetSectors + 3);
        sims[0].MarkLatent(raid.Layout.DataOffsetSectors + raid.Layout.ChunkSectors + 3);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 41));
        Assert.True(raid.Counters.ReadErrorsRepaired > 0);
        Assert.Equal(0, raid.Counters.MemberFailures);
        Assert.Equal(0, raid.MissingSlots);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 41));
    }

    [Theory]
    [InlineData(RaidLevel.Raid1, 2)]
    [InlineData(RaidLevel.Raid5, 4)]
    public async Task AReadErrorWhoseRewriteFailsFailsTheMember(RaidLevel level, int members)
    {
        var sims = RaidSets.SimulatedMembers(level, members, ArrayBytes, seed: 50);
        await using var raid = RaidSets.Create(level, sims);
        await RaidSets.FillAsync(raid, stamp: 51);
        sims[0].AddFault(new FaultRule(FaultKind.ReadError));
        sims[0].AddFault(new FaultRule(FaultKind.WriteError));
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 51));
        Assert.Equal(1, raid.MissingSlots);
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.MemberFailed && e.Slot == 0);
    }

    [Fact]
    public async Task AWriteErrorFailsTheMemberAndTheWriteStillLands()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid5, 4, ArrayBytes, seed: 60);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, sims);
        sims[1].AddFault(new FaultRule(FaultKind.WriteError));
        await RaidSets.FillAsync(raid, stamp: 61);
        Assert.Equal(1, raid.MissingSlots);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 61));
    }

    [Fact]
    public async Task TransientMemberErrorsAreRetriedAndFailNothing()
    {
        var retry = Layered.BlockStack.Resilience.IoRetry.Create(new() { MaxRetries = 3, BaseDelay = TimeSpan.Zero });
        var members = Enumerable.Range(0, 3).Select(i => (IBlockDevice)new SimulatedDevice(
            new DeviceGeometry($"sim{i}", Guid.NewGuid(), 512, RaidSets.MemberBytes(RaidLevel.Raid5, 3, ArrayBytes) / 512),
            new SimulationOptions { Seed = (ulong)i, Faults = [new FaultRule(FaultKind.ReadError, 0.05) { Transient = true, MaxHits = 50 }] }, retry)).ToList();
        await using var raid = RaidSets.Create(RaidLevel.Raid5, members);
        await RaidSets.FillAsync(raid, stamp: 71);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 71));
        Assert.Equal(0, raid.Counters.MemberFailures);
    }
}
