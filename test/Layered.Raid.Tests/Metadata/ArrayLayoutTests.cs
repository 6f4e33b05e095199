using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

public sealed class ArrayLayoutTests
{
    [Fact]
    public void ANewArrayPlacesBitmapJournalAndDataAndUsesTheSmallestMember()
    {
        IBlockDevice[] members =
        [
            MemoryDevice.Create(200L << 20, 512, "a"),
            MemoryDevice.Create(150L << 20, 4096, "b"),
            MemoryDevice.Create(300L << 20, 512, "c"),
            MemoryDevice.Create((150L << 20) + 4096, 512, "d"),
        ];
        var superblocks = ArrayLayout.NewArray(RaidLevel.Raid5, 256 << 10, members, "new", regionBytes: 1 << 20, journalBytes: 2 << 20);
        Assert.Equal(4, superblocks.Length);
        var first = superblocks[0];
        Assert.Equal(4096, first.BitmapOffsetBytes);
        Assert.Equal(first.BitmapOffsetBytes + WriteIntentBitmap.AreaBytesFor(WriteIntentBitmap.RegionCountFor(3 * (150L << 20), 1 << 20)), first.JournalOffsetBytes);
        Assert.Equal(2 << 20, first.JournalLengthBytes);
        Assert.Equal(0, first.DataOffsetBytes % (1 << 20));
        Assert.True(first.DataOffsetBytes >= first.JournalOffsetBytes + first.JournalLengthBytes);
        Assert.Equal(((150L << 20) - first.DataOffsetBytes) / (256 << 10) * (256 << 10), first.MemberDataBytes);
        Assert.Equal(WriteIntentBitmap.RegionCountFor(3 * first.MemberDataBytes, 1 << 20), first.BitmapRegionCount);
        for (var slot = 0; slot < 4; slot++)
        {
            var superblock = superblocks[slot];
            Assert.Null(superblock.Validate());
            Assert.Equal(slot, superblock.Role);
            Assert.Equal(members[slot].Id, superblock.DeviceId);
            Assert.Equal(first.ArrayId, superblock.ArrayId);
            Assert.True(superblock.SameArrayView(first));
            Assert.Equal(1UL, superblock.Events);
            Assert.True(superblock.Clean);
            Assert.All(superblock.SlotStates, s => Assert.Equal(MemberState.Active, s));
            Assert.Equal(members.Select(m => m.Id), superblock.SlotDeviceIds);
        }
    }

    [Fact]
    public async Task EveryMemberOfANewArrayCanHoldItsSuperblockAndBitmap()
    {
        IBlockDevice[] members = [.. Enumerable.Range(0, 4).Select(i => MemoryDevice.Create(48L << 20, i % 2 == 0 ? 512 : 4096, $"m{i}"))];
        var superblocks = ArrayLayout.NewArray(RaidLevel.Raid6, 64 << 10, members, "hold");
        var bitmap = WriteIntentBitmap.ForArray(superblocks[0]);
        bitmap.MarkDirty(0, 1);
        Assert.All(await bitmap.StoreAsync(members, superblocks[0]), r => Assert.True(r.IsOk));
        for (var slot = 0; slot < 4; slot++)
        {
            Assert.True((await superblocks[slot].WriteAsync(members[slot])).IsOk);
            var (read, error) = await MemberSuperblock.ReadAsync(members[slot]);
            Assert.Null(error);
            Assert.Equal(superblocks[slot], read);
            Assert.Equal(1, (await WriteIntentBitmap.LoadAsync(members[slot], read!)).Bitmap!.DirtyCount);
        }
    }

    [Fact]
    public void TheDefaultRegionGrowsSoAHugeArrayStaysWithinTheBitmapLimit()
    {
        IBlockDevice[] members = [MemoryDevice.Create(64L << 40, 4096, "h0"), MemoryDevice.Create(64L << 40, 4096, "h1")];
        var superblock = ArrayLayout.NewArray(RaidLevel.Raid0, 1 << 20, members, "huge")[0];
        Assert.Equal(128L << 20, superblock.BitmapRegionBytes);
        Assert.True(superblock.BitmapRegionCount <= WriteIntentBitmap.MaxRegions);
        Assert.Null(superblock.Validate());
        var small = ArrayLayout.NewArray(RaidLevel.Raid1, 64 << 10, [MemoryDevice.Create(64L << 20), MemoryDevice.Create(64L << 20)], "")[0];
        Assert.Equal(WriteIntentBitmap.DefaultRegionBytes, small.BitmapRegionBytes);
        Assert.Equal(small.ArrayId.ToString(), small.ArrayLabel);
    }

    [Fact]
    public void BadRequestsAreRefusedWithClearArgumentErrors()
    {
        IBlockDevice Member(string name, long bytes = 64L << 20) => MemoryDevice.Create(bytes, 512, name);
        string Refusal(RaidLevel level, IReadOnlyList<IBlockDevice> members, int chunkBytes = 64 << 10, string name = "x") =>
            Assert.Throws<ArgumentException>(() => ArrayLayout.NewArray(level, chunkBytes, members, name)).Message;
        var two = new[] { Member("a"), Member("b") };

        Assert.Contains("raid5 needs at least 3 members, not 2", Refusal(RaidLevel.Raid5, two));
        Assert.Contains("even number", Refusal(RaidLevel.Raid10, [.. two, Member("c")]));
        Assert.Contains("tiny is 1572864 bytes", Refusal(RaidLevel.Raid1, [two[0], Member("tiny", 3L << 19)], chunkBytes: 1 << 20));
        Assert.Contains("same device", Refusal(RaidLevel.Raid1, [two[0], two[0]]));
        Assert.Contains("longer than 32", Refusal(RaidLevel.Raid1, two, name: new string('n', 40)));
        Assert.Contains("member count 0", Refusal(RaidLevel.Raid1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrayLayout.NewArray(RaidLevel.Raid1, 96 << 10, two, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrayLayout.NewArray(RaidLevel.Raid1, 2048, two, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrayLayout.NewArray(RaidLevel.Raid1, 64 << 10, two, "x", journalBytes: 1000));
        Assert.Throws<ArgumentException>(() => ArrayLayout.NewArray(RaidLevel.Raid1, 64 << 10, two, "x", regionBytes: 1000));
    }
}
