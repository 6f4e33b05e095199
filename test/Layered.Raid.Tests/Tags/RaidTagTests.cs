using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Tags;
using Layered.Raid.Tags;
using Layered.TestKit.Contracts;
using Layered.TestKit.Timing;

namespace Layered.Raid.Tests.Tags;

public sealed class RaidTagTests : IDisposable
{
    private const long ArrayBytes = 8L << 20;
    private readonly BufferRegistry _buffers = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "layered-raid-tags", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task OneSetTagDemuxesIntoATagOnEveryMember()
    {
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, devices);
        var buffer = _buffers.Register(256 * 1024);
        var tag = raid.TryMap(buffer)!;
        var table = (MemberTagTable)tag.Payload!;
        Assert.Equal(4, table.TaggedMembers);
        Assert.Equal(5, buffer.MapCount);
        Patterns.Fill(buffer.Span, 0, 512, 7);
        Assert.True((await raid.WriteTaggedAsync(tag, 0, 0, 512)).IsOk);
        buffer.Span.Clear();
        Assert.True((await raid.ReadTaggedAsync(tag, 0, 0, 512)).IsOk);
        Assert.Equal(-1, Patterns.FirstMismatch(buffer.Span, 0, 512, 7));
        Assert.True(raid.Counters.TaggedMemberIos > 0);
        await raid.UnmapAsync(tag);
        Assert.Equal(0, buffer.MapCount);
    }

    [Fact]
    public async Task TaggedIoAcrossAHotSwapNeverFailsAndSwitchesToTheNewMembersTag()
    {
        var seed = Seeds.Next(nameof(TaggedIoAcrossAHotSwapNeverFailsAndSwitchesToTheNewMembersTag));
        var devices = RaidSets.MemoryMembers(RaidLevel.Raid5, 4, ArrayBytes);
        await using var raid = RaidSets.Create(RaidLevel.Raid5, devices, new RebuildOptions { RowsPerWindow = 2 });
        const int lanes = 8, blockSectors = 16;
        var buffer = _buffers.Register(lanes * blockSectors * 512);
        var tag = raid.TryMap(buffer)!;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
        {
            var random = new Random(seed + lane);
            var offset = lane * blockSectors * 512;
            var region = buffer.Memory.Slice(offset, blockSectors * 512);
            long ops = 0;
            while (!stop.IsCancellationRequested)
            {
                // Each lane owns its own blocks, so a read must return what the lane last wrote there.
                var sector = (random.NextInt64(raid.SectorCount / blockSectors / lanes) * lanes + lane) * blockSectors;
                Patterns.Fill(region.Span, sector, 512, (ulong)ops + 1);
                var write = await raid.WriteTaggedAsync(tag, offset, sector, blockSectors);
                Assert.True(write.IsOk, $"seed {seed}: tagged write failed: {write}");
                region.Span.Clear();
                var read = await raid.ReadTaggedAsync(tag, offset, sector, blockSectors);
                Assert.True(read.IsOk, $"seed {seed}: tagged read failed: {read}");
                Assert.True(Patterns.FirstMismatch(region.Span, sector, 512, (ulong)ops + 1) == -1, $"seed {seed}: lane {lane} read wrong data at {sector}");
                ops++;
            }
            return ops;
        })).ToArray();

        await Task.Delay(100);
        raid.Fail(2);
        await raid.RemoveAsync(2);
        var newcomer = MemoryDevice.Create(devices[2].SectorCount * 512, 512, "new");
        await raid.AddAsync(newcomer);
        Assert.True(await raid.WaitForRebuildsAsync(RaidSets.Bound));
        await Task.Delay(100);
        stop.Cancel();
        var ops = await Task.WhenAll(load).WaitAsync(RaidSets.Bound);

        Assert.All(ops, o => Assert.True(o > 0));
        // The newcomer is mapped in the background, which may finish after the rebuild.
        await Eventually.HoldsAsync(() => raid.Events.Any(e => e.Kind == RaidEventKind.MemberTagged && e.Device == "new"), RaidSets.Bound, "the newcomer being tagged");
        var table = (MemberTagTable)tag.Payload!;
        Assert.Equal(4, table.TaggedMembers);
        Assert.DoesNotContain(table.Entries, e => ReferenceEquals(e.Member.Device, devices[2]));
        await raid.UnmapAsync(tag);
        Assert.Equal(0, buffer.MapCount);
    }

    [Fact]
    public async Task AMemberThatCannotPreMapIsServedThroughThePlainPathFromTheSameMemory()
    {
        Directory.CreateDirectory(_folder);
        var image = Path.Combine(_folder, "plain.img");
        var memberBytes = RaidSets.MemberBytes(RaidLevel.Raid1, 2, ArrayBytes);
        FileDevice.CreateImage(image, memberBytes);
        var plainOnly = FileDevice.Open(image, new FileDeviceOptions { Host = null, Name = "plain-only" });
        await using var raid = RaidSets.Create(RaidLevel.Raid1, [MemoryDevice.Create(memberBytes, 512, "mem"), plainOnly]);
        var buffer = _buffers.Register(64 * 1024);
        var tag = raid.TryMap(buffer)!;
        Assert.Equal(1, ((MemberTagTable)tag.Payload!).TaggedMembers);
        Patterns.Fill(buffer.Span, 64, 512, 9);
        Assert.True((await raid.WriteTaggedAsync(tag, 0, 64, 128)).IsOk);
        Assert.True(raid.Counters.TaggedMemberIos >= 1);
        Assert.True(raid.Counters.PlainMemberIos >= 1);
        raid.Fail(0);
        buffer.Span.Clear();
        Assert.True((await raid.ReadTaggedAsync(tag, 0, 64, 128)).IsOk);
        Assert.Equal(-1, Patterns.FirstMismatch(buffer.Span, 64, 512, 9));
        await raid.UnmapAsync(tag);
    }

    [Fact]
    public async Task InvalidatingTheSetTagRevokesEveryMemberTag()
    {
        await using var raid = RaidSets.Create(RaidLevel.Raid10, RaidSets.MemoryMembers(RaidLevel.Raid10, 4, ArrayBytes));
        var tag = raid.TryMap(_buffers.Register(64 * 1024))!;
        await raid.InvalidateAsync(tag);
        Assert.All(((MemberTagTable)tag.Payload!).Entries, e => Assert.Equal(TagState.Revoked, e.Tag!.State));
        Assert.Equal(IoStatus.TagRevoked, (await raid.ReadTaggedAsync(tag, 0, 0, 8)).Status);
        await raid.UnmapAsync(tag);
    }

    [Fact]
    public async Task ATagUsedAfterTheSetIsTornDownGetsAClearError()
    {
        var raid = RaidSets.Create(RaidLevel.Raid6, RaidSets.MemoryMembers(RaidLevel.Raid6, 4, ArrayBytes));
        var buffer = _buffers.Register(64 * 1024);
        var tag = raid.TryMap(buffer)!;
        await raid.DisposeAsync();
        Assert.Equal(0, buffer.MapCount);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await raid.ReadTaggedAsync(tag, 0, 0, 8));
        Assert.True(error is ArgumentException or ObjectDisposedException, $"unexpected {error.GetType().Name}: {error.Message}");
    }

    public void Dispose()
    {
        _buffers.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
