using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Assembly;

public sealed class RaidArrayTests
{
    private const long MemberBytes = 24L << 20;

    private static IBlockDevice[] Members(int count, string prefix = "m") =>
        Enumerable.Range(0, count).Select(i => (IBlockDevice)MemoryDevice.Create(MemberBytes, 512, $"{prefix}{i}")).ToArray();

    private static RaidCreateOptions Options(long regionBytes = 1 << 20) =>
        new() { ChunkBytes = 64 * 1024, Name = "test", BitmapRegionBytes = regionBytes };

    [Fact]
    public async Task ASetAssemblesFromItsMembersInAnyOrder()
    {
        var members = Members(4);
        await using (var created = await RaidArray.CreateAsync(RaidLevel.Raid5, members, Options()))
            await RaidSets.FillAsync(created.Device, stamp: 1);
        foreach (var order in new[] { new[] { 3, 1, 0, 2 }, new[] { 2, 3, 1, 0 } })
        {
            await using var assembled = await RaidArray.AssembleAsync(order.Select(i => members[i]).ToList(), new AssemblyOptions());
            Assert.False(assembled.Plan!.Dirty);
            Assert.Equal(0, assembled.Device.MissingSlots);
            Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(assembled.Device, stamp: 1));
        }
    }

    [Fact]
    public async Task AStaleMemberIsRefusedByNameAndTheSetStartsDegraded()
    {
        var members = Members(4);
        await using (var created = await RaidArray.CreateAsync(RaidLevel.Raid5, members, Options()))
        {
            await RaidSets.FillAsync(created.Device, stamp: 2);
            created.Device.Fail(1);
        }
        await using var assembled = await RaidArray.AssembleAsync(members, new AssemblyOptions());
        var refused = Assert.Single(assembled.Plan!.Refused);
        Assert.Equal("m1", refused.Device);
        Assert.Equal(1, assembled.Device.MissingSlots);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(assembled.Device, stamp: 2));
    }

    [Fact]
    public async Task AForeignMemberIsRefusedAndNamed()
    {
        var ours = Members(3, "ours");
        var theirs = Members(3, "theirs");
        await (await RaidArray.CreateAsync(RaidLevel.Raid5, ours, Options())).DisposeAsync();
        await (await RaidArray.CreateAsync(RaidLevel.Raid5, theirs, Options())).DisposeAsync();
        await using var assembled = await RaidArray.AssembleAsync([theirs[2], ours[0], ours[1]], new AssemblyOptions());
        var refused = Assert.Single(assembled.Plan!.Refused);
        Assert.Equal("theirs2", refused.Device);
        Assert.Contains("array", refused.Reason);
        Assert.Equal(1, assembled.Device.MissingSlots);

        var error = await Assert.ThrowsAsync<RaidAssemblyException>(() => RaidArray.AssembleAsync([ours[0], theirs[1], theirs[2]], new AssemblyOptions { ArrayId = assembled.Device.Id }));
        Assert.Contains("theirs1", error.Message);
        Assert.Contains("theirs2", error.Message);
    }

    [Fact]
    public async Task ADirtyAndDegradedSetStartsOnlyWithForce()
    {
        var members = Members(4);
        var crashed = await RaidArray.CreateAsync(RaidLevel.Raid5, members, Options());
        await RaidSets.FillAsync(crashed.Device, stamp: 3);
        // No dispose: the process "dies" with the set dirty.
        var survivors = members.Take(3).ToList();
        var error = await Assert.ThrowsAsync<RaidAssemblyException>(() => RaidArray.AssembleAsync(survivors, new AssemblyOptions()));
        Assert.Contains("--force", error.Message);
        await using var forced = await RaidArray.AssembleAsync(survivors, new AssemblyOptions { Force = true });
        Assert.True(forced.Plan!.Dirty);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(forced.Device, stamp: 3));
    }

    [Fact]
    public async Task ARebuildResumesFromItsCheckpointAfterReassembly()
    {
        var members = Members(4);
        var newcomer = MemoryDevice.Create(MemberBytes, 512, "new");
        var slow = new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 4L << 20, CheckpointInterval = TimeSpan.FromMilliseconds(50) };
        long stoppedAt;
        await using (var created = await RaidArray.CreateAsync(RaidLevel.Raid5, members, Options() with { Rebuild = slow }))
        {
            await RaidSets.FillAsync(created.Device, stamp: 4);
            created.Device.Fail(2);
            await created.Device.RemoveAsync(2);
            await created.AddAsync(newcomer);
            while (created.Device.Snapshot().Slots[2].RebuildRow < 8) await Task.Delay(10);
            await created.DisposeAsync();
            stoppedAt = created.Store.Current.SlotRebuildOffsetBytes[2] / (64 * 1024);
        }
        Assert.InRange(stoppedAt, 8, 1000);
        await using var resumed = await RaidArray.AssembleAsync([members[0], members[1], newcomer, members[3]], new AssemblyOptions());
        Assert.True(await resumed.Device.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(resumed.Device.Events, e => e.Kind == RaidEventKind.RebuildStarted && e.Detail.StartsWith($"from row {stoppedAt} "));
        resumed.Device.Fail(0);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(resumed.Device, stamp: 4));
    }

    [Fact]
    public async Task AReplaceInterruptedByAStopResumesFromItsCheckpointAfterReassembly()
    {
        var members = Members(4);
        var replacement = MemoryDevice.Create(MemberBytes, 512, "replacement");
        var slow = new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 4L << 20, CheckpointInterval = TimeSpan.FromMilliseconds(50) };
        long stoppedAt;
        await using (var created = await RaidArray.CreateAsync(RaidLevel.Raid5, members, Options() with { Rebuild = slow }))
        {
            await RaidSets.FillAsync(created.Device, stamp: 10);
            await created.Device.ReplaceAsync(1, replacement);
            while (created.Device.Snapshot().Slots[1].ReplacementRebuildRow < 8) await Task.Delay(10);
            await created.DisposeAsync();
            stoppedAt = created.Store.Current.SlotReplacementOffsetBytes[1] / (64 * 1024);
        }
        Assert.InRange(stoppedAt, 8, 1000);

        await using var resumed = await RaidArray.AssembleAsync([replacement, .. members], new AssemblyOptions());
        Assert.Equal(0, resumed.Device.MissingSlots);
        Assert.True(await resumed.Device.WaitForRebuildsAsync(RaidSets.Bound));
        Assert.Contains(resumed.Device.Events, e => e.Kind == RaidEventKind.RebuildStarted && e.Device == "replacement" && e.Detail.StartsWith($"from row {stoppedAt} "));
        Assert.Same(replacement, resumed.Device.Snapshot().Slots[1].Device);
        Assert.DoesNotContain(resumed.Device.Children, d => ReferenceEquals(d, members[1]));
        resumed.Device.Fail(2);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(resumed.Device, stamp: 10));
    }

    [Fact]
    public async Task ReAddingARemovedMemberResyncsOnlyTheRegionsWrittenWhileItWasAway()
    {
        var members = Members(2);
        await using var array = await RaidArray.CreateAsync(RaidLevel.Raid1, members, Options(regionBytes: 1 << 20));
        await RaidSets.FillAsync(array.Device, stamp: 5);
        Assert.True((await array.Device.FlushAsync()).IsOk);
        Assert.Equal(0, array.Bitmap.DirtyCount);

        array.Device.Fail(1);
        await array.Device.RemoveAsync(1);
        using var memory = new AlignedMemory(64 * 1024);
        long[] regions = [2, 7, 11];
        foreach (var region in regions)
        {
            var sector = region * (1 << 20) / 512 + 40;
            Patterns.Fill(memory.Span, sector, 512, 6);
            Assert.True((await array.Device.WriteAsync(sector, memory.Memory)).IsOk);
        }
        Assert.Equal(regions.Length, array.Bitmap.DirtyCount);

        Assert.Equal(1, await array.AddAsync(members[1]));
        Assert.True(await array.Device.WaitForRebuildsAsync(RaidSets.Bound));
        var rowsPerRegion = (1 << 20) / (64 * 1024);
        Assert.Equal(regions.Length * rowsPerRegion, array.Device.Counters.RebuiltRows);
        Assert.True(array.Device.Counters.RebuiltRows < array.Device.Layout.Rows);

        array.Device.Fail(0);
        foreach (var region in regions)
        {
            var sector = region * (1 << 20) / 512 + 40;
            Assert.True((await array.Device.ReadAsync(sector, memory.Memory)).IsOk);
            Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, sector, 512, 6));
        }
    }

    [Fact]
    public async Task AfterACrashMirrorsAreResyncedWhereTheBitmapSaysTheyMayDiffer()
    {
        var sims = Enumerable.Range(0, 2).Select(i => SimulatedDevice.Create(MemberBytes, seed: (ulong)(70 + i), name: $"sim{i}")).ToArray();
        var crashed = await RaidArray.CreateAsync(RaidLevel.Raid1, sims, Options(regionBytes: 1 << 20));
        await RaidSets.FillAsync(crashed.Device, stamp: 7);
        Assert.True((await crashed.Device.FlushAsync()).IsOk);
        using var memory = new AlignedMemory(64 * 1024);
        for (var i = 0; i < 40; i++)
        {
            Patterns.Fill(memory.Span, i * 1024, 512, 8);
            await crashed.Device.WriteAsync(i * 1024, memory.Memory);
        }
        foreach (var sim in sims) sim.Crash();

        await using var assembled = await RaidArray.AssembleAsync(sims, new AssemblyOptions());
        Assert.True(assembled.Plan!.Dirty);
        Assert.True(assembled.ResyncedRowsAfterCrash > 0);
        Assert.True(assembled.ResyncedRowsAfterCrash < assembled.Device.Layout.Rows);
        // Both copies must now agree everywhere: read with each member failed in turn.
        var first = await ReadAllAsync(assembled.Device);
        assembled.Device.Fail(0);
        var second = await ReadAllAsync(assembled.Device);
        Assert.True(first.AsSpan().SequenceEqual(second), "mirror copies still differ after the resync");
    }

    private static async Task<byte[]> ReadAllAsync(IBlockDevice device)
    {
        var all = new byte[device.SectorCount * device.SectorSize];
        using var memory = new AlignedMemory(1 << 20);
        for (long sector = 0; sector < device.SectorCount; sector += memory.Length / 512)
        {
            Assert.True((await device.ReadAsync(sector, memory.Memory)).IsOk);
            memory.Span.CopyTo(all.AsSpan((int)(sector * 512)));
        }
        return all;
    }
}
