using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;
using Layered.TestKit.Devices;

namespace Layered.Raid.Tests.Assembly;

/// <summary>Regressions found by `layered drill`: the first writes of a set, and crashes during a rebuild.</summary>
public sealed class CrashSafetyTests
{
    private const long MemberBytes = 16L << 20;

    private static SimulatedDevice Sim(string name, ulong seed) => new(new DeviceGeometry(name, Guid.NewGuid(), 512, MemberBytes / 512),
        new SimulationOptions { Seed = seed, CrashLoseRate = 1.0 });

    [Fact]
    public async Task ManyFirstWritesAtOnceAllLandAfterTheSetIsMarkedDirty()
    {
        var members = Enumerable.Range(0, 4).Select(i => (IBlockDevice)Sim($"s{i}", (ulong)i)).ToArray();
        await using var array = await RaidArray.CreateAsync(RaidLevel.Raid5, members, new RaidCreateOptions { JournalBytes = 1 << 20, BitmapRegionBytes = 1 << 20 });
        var writes = Enumerable.Range(0, 32).Select(async i =>
        {
            using var memory = new AlignedMemory(4096);
            Patterns.Fill(memory.Span, i * 64, 512, 5);
            return await array.Device.WriteAsync(i * 64, memory.Memory);
        }).ToArray();
        var results = await Task.WhenAll(writes).WaitAsync(RaidSets.Bound);
        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        Assert.False(array.Store.Current.Clean);
        var (onDisk, _) = await MemberSuperblock.ReadAsync(members[0]);
        Assert.False(onDisk!.Clean, "a write reached the members before the superblocks said dirty");
    }

    [Fact]
    public async Task ACrashDuringARebuildKeepsEveryRowBelowTheCheckpoint()
    {
        var sims = Enumerable.Range(0, 4).Select(i => Sim($"s{i}", (ulong)(10 + i))).ToList();
        var target = Sim("target", 99);
        // The first "boot" sees the devices through switches the crash turns off.
        var views = sims.Append(target).Select(d => new PowerCutDevice(d)).ToList();
        var slow = new RebuildOptions { RowsPerWindow = 1, MaxBytesPerSecond = 2L << 20, CheckpointInterval = TimeSpan.FromMilliseconds(20) };
        var array = await RaidArray.CreateAsync(RaidLevel.Raid5, [.. views.Take(4)], new RaidCreateOptions { JournalBytes = 1 << 20, BitmapRegionBytes = 1 << 20, Rebuild = slow });
        await RaidSets.FillAsync(array.Device, stamp: 9);
        Assert.True((await array.Device.FlushAsync()).IsOk);
        array.Device.Fail(0);
        await array.Device.RemoveAsync(0);
        await array.AddAsync(views[4]);
        var deadline = DateTime.UtcNow + RaidSets.Bound;
        while (array.Store.Current.SlotRebuildOffsetBytes[0] < 16 * 64 * 1024 && DateTime.UtcNow < deadline) await Task.Delay(10);

        // Power loss: the old set can reach nothing any more, and every unflushed write is gone.
        foreach (var view in views) view.Cut();
        foreach (var sim in sims.Append(target)) sim.Crash();
        var members = new List<IBlockDevice> { target, sims[1], sims[2], sims[3] };
        await using var assembled = await RaidArray.AssembleAsync(members, new AssemblyOptions { Force = true });
        Assert.True(await assembled.Device.WaitForRebuildsAsync(RaidSets.Bound));
        assembled.Device.Fail(1);
        Assert.Equal(-1, await RaidSets.FirstWrongSectorAsync(assembled.Device, stamp: 9));
    }
}
