using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.TestKit.Contracts;
using Layered.TestKit.Timing;

namespace Layered.Raid.Tests.Rebuild;

public sealed class RebuildTests
{
    private const long ArrayBytes = 8L << 20;

    public static TheoryData<RaidLevel, int> RedundantLevels => new()
    {
        { RaidLevel.Raid1, 2 }, { RaidLevel.Raid10, 4 }, { RaidLevel.Raid5, 4 }, { RaidLevel.Raid6, 5 },
    };

    [Theory]
    [MemberData(nameof(RedundantLevels))]
    public async Task RebuildRestoresEveryRowWhileWritesContinue(RaidLevel level, int members)
    {
        var seed = Seeds.Next(nameof(RebuildRestoresEveryRowWhileWritesContinue));
        var devices = RaidSets.MemoryMembers(level, members, ArrayBytes);
        await using var raid = RaidSets.Create(level, devices, new RebuildOptions { RowsPerWindow = 4 });
        await RaidSets.FillAsync(raid, stamp: 1);
        raid.Fail(1);
        await raid.RemoveAsync(1);
        var newcomer = MemoryDevice.Create(devices[1].SectorCount * 512, 512, "new");

        using var stop = new CancellationTokenSource();
        var model = new Dictionary<long, ulong>();
        var writer = Task.Run(() => WriteRandomlyAsync(raid, new Random(seed), model, stop.Token));
        Assert.Equal(1, await raid.AddAsync(newcomer));
        Assert.True(await raid.WaitForRebuildsAsync(RaidSets.Bound), $"seed {seed}: rebuild did not finish");
        stop.Cancel();
        await writer.WaitAsync(RaidSets.Bound);

        Assert.Equal(0, raid.MissingSlots);
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.RebuildCompleted && e.Device == "new");
        // The rebuilt member must now carry its share alone: fail a different one and read everything.
        raid.Fail(level is RaidLevel.Raid10 or RaidLevel.Raid1 ? 0 : 2);
        await AssertContentsAsync(raid, model, seed);
    }

    [Fact]
    public async Task AFailureDuringRebuildOnRaid6LetsTheRebuildFinish()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid6, 5, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid6, devices, new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 8L << 20 });
        await RaidSets.FillAsync(raid, stamp: 2);
        raid.Fail(0);
        await raid.AddAsync(MemoryDevice.Create(devices[0].SectorCount * 512, 512, "new"));
        await Task.Delay(100);
        raid.Fail(3);
        Assert.True(await raid.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.RebuildCompleted);
        Assert.Equal(1, raid.MissingSlots);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 2));
    }

    [Fact]
    public async Task AFailingRebuildTargetAbortsTheRebuildAndTheSetKeepsServing()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, devices, new RebuildOptions { RowsPerWindow = 2 });
        await RaidSets.FillAsync(raid, stamp: 3);
        raid.Fail(2);
        var target = SimulatedDevice.Create(devices[2].SectorCount * 512, seed: 3, [new FaultRule(FaultKind.WriteError) { AfterOps = 20 }], name: "bad-target");
        await raid.AddAsync(target);
        Assert.True(await raid.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.RebuildAborted && e.Device == "bad-target");
        Assert.DoesNotContain(raid.Events, e => e.Kind == RaidEventKind.RebuildCompleted);
        Assert.Equal(1, raid.MissingSlots);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 3));
    }

    [Fact]
    public async Task ReplaceKeepsRedundancyAndSurvivesAConcurrentFailure()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, devices, new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 16L << 20 });
        await RaidSets.FillAsync(raid, stamp: 4);
        await raid.ReplaceAsync(0, MemoryDevice.Create(devices[0].SectorCount * 512, 512, "replacement"));
        Assert.Equal(0, raid.MissingSlots);
        await Task.Delay(50);
        raid.Fail(2);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 4));
        Assert.True(await raid.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.RebuildCompleted && e.Device == "replacement");
        Assert.Contains(raid.Children, d => d.Name == "replacement");
        Assert.DoesNotContain(raid.Children, d => ReferenceEquals(d, devices[0]));
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 4));
    }

    [Fact]
    public async Task ASpareTakesOverWhenAMemberFails()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid1, 2, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid1, devices);
        await RaidSets.FillAsync(raid, stamp: 5);
        Assert.Equal(-1, await raid.AddAsync(MemoryDevice.Create(devices[0].SectorCount * 512, 512, "spare")));
        Assert.Single(raid.Spares);
        raid.Fail(0);
        await Eventually.HoldsAsync(() => raid.Events.Any(e => e.Kind == RaidEventKind.RebuildCompleted), RaidSets.Bound, "the rebuild onto the spare");
        Assert.Empty(raid.Spares);
        raid.Fail(1);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 5));
    }

    [Fact]
    public async Task AStoppedRebuildResumesFromItsCheckpoint()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        // Slow enough (seconds for the whole member) that the test stops it part-way even when its
        // own continuations are late on a loaded machine.
        var config = RaidConfig.Bare(RaidLevel.Raid5, devices, RaidSets.ChunkBytes) with { Rebuild = new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 512L << 10 } };
        var raid = RaidDevice.Create(config);
        await RaidSets.FillAsync(raid, stamp: 6);
        raid.Fail(3);
        var newcomer = MemoryDevice.Create(devices[3].SectorCount * 512, 512, "new");
        await raid.AddAsync(newcomer);
        await Eventually.HoldsAsync(() => raid.Snapshot().Slots[3].RebuildRow > 4, RaidSets.Bound, "the rebuild passing row 4");
        await raid.DisposeAsync();
        var stopped = raid.Snapshot().Slots[3];
        Assert.Equal(MemberState.Rebuilding, stopped.State);
        Assert.InRange(stopped.RebuildRow, 5, raid.Layout.Rows - 1);

        var members = devices.ToArray();
        members[3] = newcomer;
        await using var resumed = RaidDevice.Create(config with
        {
            Members = members,
            States = [MemberState.Active, MemberState.Active, MemberState.Active, MemberState.Rebuilding],
            RebuildRows = [0, 0, 0, stopped.RebuildRow],
            Rebuild = new RebuildOptions(),
        });
        Assert.True(await resumed.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(resumed.Events, e => e.Kind == RaidEventKind.RebuildStarted && e.Detail.StartsWith($"from row {stopped.RebuildRow} "));
        resumed.Fail(0);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(resumed, stamp: 6));
    }

    private static async Task WriteRandomlyAsync(RaidDevice raid, Random random, Dictionary<long, ulong> model, CancellationToken stop)
    {
        using var memory = new AlignedMemory(8 * 512);
        var blocks = raid.SectorCount / 8;
        while (!stop.IsCancellationRequested)
        {
            var block = random.NextInt64(blocks);
            var stamp = (ulong)random.NextInt64(2, long.MaxValue);
            Patterns.Fill(memory.Span, block * 8, 512, stamp);
            var result = await raid.WriteAsync(block * 8, memory.Memory);
            Assert.True(result.IsOk, $"foreground write failed during rebuild: {result}");
            lock (model) model[block] = stamp;
        }
    }

    private static async Task AssertContentsAsync(RaidDevice raid, Dictionary<long, ulong> model, int seed)
    {
        using var memory = new AlignedMemory(8 * 512);
        for (long block = 0; block < raid.SectorCount / 8; block++)
        {
            var result = await raid.ReadAsync(block * 8, memory.Memory);
            Assert.True(result.IsOk, $"seed {seed}: read of block {block} failed: {result}");
            var stamp = model.TryGetValue(block, out var s) ? s : 1UL;
            Assert.True(Patterns.FirstMismatch(memory.Span, block * 8, 512, stamp) == -1, $"seed {seed}: block {block} is wrong");
        }
    }
}
