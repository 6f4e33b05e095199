using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;
using Layered.TestKit.Contracts;
using Layered.TestKit.Timing;

namespace Layered.Raid.Tests.Scrub;

public sealed class ScrubTests
{
    private const long ArrayBytes = 8L << 20;

    public static TheoryData<RaidLevel, int> EveryLevel => new()
    {
        { RaidLevel.Linear, 2 }, { RaidLevel.Raid0, 3 }, { RaidLevel.Raid1, 2 }, { RaidLevel.Raid1, 3 }, { RaidLevel.Raid10, 4 },
        { RaidLevel.Raid5, 3 }, { RaidLevel.Raid5, 4 }, { RaidLevel.Raid6, 4 }, { RaidLevel.Raid6, 5 },
    };

    public static TheoryData<RaidLevel, int> RedundantLevels => new()
    {
        { RaidLevel.Raid1, 2 }, { RaidLevel.Raid10, 4 }, { RaidLevel.Raid5, 4 }, { RaidLevel.Raid6, 5 },
    };

    [Theory]
    [MemberData(nameof(EveryLevel))]
    public async Task ACleanSetChecksEveryRowWithoutMismatches(RaidLevel level, int members)
    {
        await using var raid = RaidSets.Create(level, RaidSets.MemoryMembers(level, members, ArrayBytes));
        await RaidSets.FillAsync(raid, stamp: 1);
        var report = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal(new ScrubReport(ScrubMode.Check, raid.Layout.Rows, raid.Layout.Rows, 0, 0, 0, 0, report.Elapsed, report.BytesPerSecond), report);
        Assert.True(report.BytesPerSecond > 0);
    }

    [Theory]
    [InlineData(RaidLevel.Raid1, 2)]
    [InlineData(RaidLevel.Raid1, 3)]
    [InlineData(RaidLevel.Raid10, 4)]
    [InlineData(RaidLevel.Raid5, 4)]
    [InlineData(RaidLevel.Raid6, 5)]
    public async Task CheckCountsACorruptRowAndLeavesItAndRepairFixesIt(RaidLevel level, int members)
    {
        var devices = RaidSets.MemoryMembers(level, members, ArrayBytes);
        await using var raid = RaidSets.Create(level, devices);
        await RaidSets.FillAsync(raid, stamp: 2);
        await CorruptRedundancyAsync(raid, devices, row: 5);

        Assert.Equal(1, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
        Assert.Equal(1, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
        var repair = await Bounded(raid.ScrubAsync(ScrubMode.Repair));
        Assert.Equal((1L, 1L), (repair.MismatchedRows, repair.RepairedRows));
        var after = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal((0L, 0L), (after.MismatchedRows, after.RepairedRows));
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 2));
        Assert.Equal(0, raid.MissingSlots);
    }

    [Theory]
    [InlineData(RaidLevel.Raid1, 2)]
    [InlineData(RaidLevel.Raid10, 6)]
    [InlineData(RaidLevel.Raid5, 5)]
    [InlineData(RaidLevel.Raid6, 6)]
    public async Task SeveralCorruptRowsAreCountedExactly(RaidLevel level, int members)
    {
        var devices = RaidSets.MemoryMembers(level, members, ArrayBytes);
        await using var raid = RaidSets.Create(level, devices);
        await RaidSets.FillAsync(raid, stamp: 3);
        long[] rows = [0, 1, 15, 16, 17, raid.Layout.Rows - 1];
        foreach (var row in rows) await CorruptRedundancyAsync(raid, devices, row);

        Assert.Equal(rows.Length, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
        Assert.Equal(rows.Length, (await Bounded(raid.ScrubAsync(ScrubMode.Repair))).RepairedRows);
        Assert.Equal(0, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 3));
    }

    [Fact]
    public async Task RepairOfAMirrorTakesTheFirstCopyAsMdDoes()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid1, 2, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid1, devices);
        await RaidSets.FillAsync(raid, stamp: 4);
        await CorruptAsync(devices[0], raid.Layout.MemberSector(2, 0), raid.Layout.ChunkSectors);

        Assert.Equal(1, (await Bounded(raid.ScrubAsync(ScrubMode.Repair))).RepairedRows);
        raid.Fail(0);
        Assert.Equal(raid.Layout.ArraySector(2, 0), await RaidSets.FirstWrongSectorAsync(raid, stamp: 4));
    }

    [Fact]
    public async Task RepairOfParityTrustsTheDataAsMdDoes()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, devices);
        await RaidSets.FillAsync(raid, stamp: 5);
        await CorruptAsync(devices[raid.Layout.DataSlot(3, 1)], raid.Layout.MemberSector(3, 0), 1);

        Assert.Equal(1, (await Bounded(raid.ScrubAsync(ScrubMode.Repair))).RepairedRows);
        Assert.Equal(0, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
        Assert.Equal(raid.Layout.ArraySector(3, 1), await RaidSets.FirstWrongSectorAsync(raid, stamp: 5));
    }

    [Theory]
    [MemberData(nameof(RedundantLevels))]
    public async Task LatentErrorsFoundByCheckAreRewrittenAndTheMemberStays(RaidLevel level, int members)
    {
        var sims = RaidSets.SimulatedMembers(level, members, ArrayBytes, seed: 60);
        await using var raid = RaidSets.Create(level, sims);
        await RaidSets.FillAsync(raid, stamp: 6);
        long[] rows = [0, 3, 16, raid.Layout.Rows - 1];
        foreach (var row in rows) sims[1].MarkLatent(raid.Layout.MemberSector(row, 7));

        var report = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal((rows.Length, 0L, 0L), (report.LatentErrorsRepaired, report.MismatchedRows, report.UnreadableRows));
        Assert.Equal(0, raid.MissingSlots);
        Assert.Equal(0, raid.Counters.MemberFailures);
        Assert.Equal(rows.Length, raid.Events.Count(e => e.Kind == RaidEventKind.ReadErrorRepaired && e.Slot == 1));
        using var chunk = new AlignedMemory((int)raid.Layout.ChunkSectors * RaidSets.Ss);
        foreach (var row in rows)
            Assert.Equal(IoResult.Ok, await sims[1].ReadAsync(raid.Layout.MemberSector(row, 0), chunk.Memory));
        Assert.Equal(0, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).LatentErrorsRepaired);
        raid.Fail(level is RaidLevel.Raid1 or RaidLevel.Raid10 ? 0 : 2);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 6));
    }

    [Fact]
    public async Task Raid6RewritesTwoLatentChunksOfOneRow()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid6, 5, ArrayBytes, seed: 70);
        await using var raid = RaidSets.Create(RaidLevel.Raid6, sims);
        await RaidSets.FillAsync(raid, stamp: 7);
        sims[raid.Layout.DataSlot(4, 0)].MarkLatent(raid.Layout.MemberSector(4, 0));
        sims[raid.Layout.PSlot(4)].MarkLatent(raid.Layout.MemberSector(4, 9));

        var report = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal((2L, 0L), (report.LatentErrorsRepaired, report.MismatchedRows));
        Assert.Equal(0, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).LatentErrorsRepaired);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 7));
    }

    [Fact]
    public async Task ALatentErrorWhoseRewriteFailsFailsTheMember()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid5, 4, ArrayBytes, seed: 80);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, sims);
        await RaidSets.FillAsync(raid, stamp: 8);
        sims[2].MarkLatent(raid.Layout.MemberSector(6, 0));
        sims[2].AddFault(new FaultRule(FaultKind.WriteError));

        var report = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal(0, report.LatentErrorsRepaired);
        Assert.Equal(1, raid.MissingSlots);
        Assert.Contains(raid.Events, e => e.Kind == RaidEventKind.MemberFailed && e.Slot == 2);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 8));
    }

    [Fact]
    public async Task AMemberThatIsGoneFailsAndItsRowsAreUnverifiable()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid5, 4, ArrayBytes, seed: 90);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, sims);
        await RaidSets.FillAsync(raid, stamp: 9);
        sims[3].Remove();

        var report = await Bounded(raid.ScrubAsync(ScrubMode.Check));
        Assert.Equal(1, raid.MissingSlots);
        Assert.Equal((raid.Layout.Rows, raid.Layout.Rows, 0L, 0L), (report.RowsChecked, report.UnverifiableRows, report.MismatchedRows, report.UnreadableRows));
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(raid, stamp: 9));
    }

    [Fact]
    public async Task WithoutRedundancyAnUnreadableRowIsReportedAndNothingFails()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid0, 2, ArrayBytes, seed: 100);
        await using var raid = RaidSets.Create(RaidLevel.Raid0, sims);
        await RaidSets.FillAsync(raid, stamp: 10);
        sims[1].MarkLatent(raid.Layout.MemberSector(7, 3));

        var report = await Bounded(raid.ScrubAsync(ScrubMode.Repair));
        Assert.Equal((1L, 0L, 0L), (report.UnreadableRows, report.LatentErrorsRepaired, report.UnverifiableRows));
        Assert.Equal(0, raid.MissingSlots);
    }

    [Theory]
    [MemberData(nameof(RedundantLevels))]
    public async Task ScrubWhileWritesContinueFindsNoMismatchAndLosesNoWrite(RaidLevel level, int members)
    {
        var seed = Seeds.Next(nameof(ScrubWhileWritesContinueFindsNoMismatchAndLosesNoWrite));
        await using var raid = RaidSets.Create(level, RaidSets.MemoryMembers(level, members, ArrayBytes));
        await RaidSets.FillAsync(raid, stamp: 11);
        var model = new Dictionary<long, ulong>();
        using var stop = new CancellationTokenSource();
        var writes = 0L;
        var writer = Task.Run(() => WriteAndVerifyAsync(raid, new Random(seed), model, () => Interlocked.Increment(ref writes), stop.Token));

        for (var pass = 0; pass < 3; pass++)
        {
            var before = Interlocked.Read(ref writes);
            var report = await Bounded(raid.ScrubAsync(pass == 1 ? ScrubMode.Repair : ScrubMode.Check));
            Assert.True(report.MismatchedRows == 0, $"seed {seed}: pass {pass}: {report}");
            Assert.Equal(raid.Layout.Rows, report.RowsChecked);
            await Eventually.HoldsAsync(() => Interlocked.Read(ref writes) > before + 10 || writer.IsCompleted, RaidSets.Bound, "the writer making progress");
        }
        stop.Cancel();
        await writer.WaitAsync(RaidSets.Bound);
        await AssertContentsAsync(raid, model, seed);
    }

    [Fact]
    public async Task ProgressIsThrottledAndCancellationStopsBetweenWindows()
    {
        var sims = RaidSets.SimulatedMembers(RaidLevel.Raid5, 4, 4 * ArrayBytes, seed: 120);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, sims);
        await RaidSets.FillAsync(raid, stamp: 12);
        foreach (var sim in sims) sim.AddFault(new FaultRule(FaultKind.Latency) { DelayMs = 10 });
        using var cancel = new CancellationTokenSource();
        var reports = new List<ScrubReport>();
        var progress = new Collector(report =>
        {
            reports.Add(report);
            if (reports.Count == 3) cancel.Cancel();
        });

        var scrub = raid.ScrubAsync(ScrubMode.Check, progress, cancel.Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => raid.ScrubAsync(ScrubMode.Check));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scrub.WaitAsync(RaidSets.Bound));
        Assert.Equal(3, reports.Count);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Elapsed - reports[i - 1].Elapsed >= TimeSpan.FromMilliseconds(250), $"reports {i - 1} and {i} came too close");
            Assert.True(reports[i].RowsChecked > reports[i - 1].RowsChecked);
        }
        Assert.True(reports[^1].RowsChecked < raid.Layout.Rows);
        // The cancelled scrub left no row locked and no scrub running.
        using var block = new AlignedMemory(4096);
        Assert.True((await raid.WriteAsync(0, block.Memory).AsTask().WaitAsync(RaidSets.Bound)).IsOk);
        foreach (var sim in sims) sim.ClearFaults();
        Assert.Equal(0, (await Bounded(raid.ScrubAsync(ScrubMode.Check))).MismatchedRows);
    }

    /// <summary>Corrupts whatever scrub compares against the data: the second mirror copy, P (raid5) or Q (raid6).</summary>
    private static Task CorruptRedundancyAsync(RaidDevice raid, IBlockDevice[] devices, long row)
    {
        var slot = raid.Level switch
        {
            RaidLevel.Raid5 => raid.Layout.PSlot(row),
            RaidLevel.Raid6 => raid.Layout.QSlot(row),
            _ => raid.Layout.DataSlot(row, (int)(row % raid.Layout.DataChunks), copy: 1),
        };
        return CorruptAsync(devices[slot], raid.Layout.MemberSector(row, 0), raid.Layout.ChunkSectors);
    }

    private static async Task CorruptAsync(IBlockDevice device, long sector, long sectors)
    {
        using var garbage = new AlignedMemory((int)sectors * device.SectorSize);
        Patterns.Fill(garbage.Span, sector, device.SectorSize, stamp: 0xBAD);
        Assert.True((await device.WriteAsync(sector, garbage.Memory)).IsOk);
    }

    private static async Task WriteAndVerifyAsync(RaidDevice raid, Random random, Dictionary<long, ulong> model, Action wrote, CancellationToken stop)
    {
        using var memory = new AlignedMemory(8 * 512);
        var blocks = raid.SectorCount / 8;
        for (var i = 0; i < 1_000_000 && !stop.IsCancellationRequested; i++)
        {
            var block = random.NextInt64(blocks);
            var stamp = (ulong)random.NextInt64(12, long.MaxValue);
            Patterns.Fill(memory.Span, block * 8, 512, stamp);
            Assert.True((await raid.WriteAsync(block * 8, memory.Memory)).IsOk, "foreground write failed during scrub");
            lock (model) model[block] = stamp;
            memory.Span.Clear();
            Assert.True((await raid.ReadAsync(block * 8, memory.Memory)).IsOk, "foreground read failed during scrub");
            Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, block * 8, 512, stamp));
            wrote();
        }
    }

    private static async Task AssertContentsAsync(RaidDevice raid, Dictionary<long, ulong> model, int seed)
    {
        using var memory = new AlignedMemory(8 * 512);
        for (long block = 0; block < raid.SectorCount / 8; block++)
        {
            Assert.True((await raid.ReadAsync(block * 8, memory.Memory)).IsOk, $"seed {seed}: read of block {block} failed");
            var stamp = model.TryGetValue(block, out var s) ? s : 11UL;
            Assert.True(Patterns.FirstMismatch(memory.Span, block * 8, 512, stamp) == -1, $"seed {seed}: block {block} is wrong");
        }
    }

    private static Task<ScrubReport> Bounded(Task<ScrubReport> scrub) => scrub.WaitAsync(RaidSets.Bound);


    /// <summary>Reports synchronously on the scrub's thread, unlike Progress&lt;T&gt;, so the test sees every report in order.</summary>
    private sealed class Collector(Action<ScrubReport> onReport) : IProgress<ScrubReport>
    {
        public void Report(ScrubReport value) => onReport(value);
    }
}
