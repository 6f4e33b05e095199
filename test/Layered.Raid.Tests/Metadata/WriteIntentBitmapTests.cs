using Layered.BlockStack.Integrity;
using System.Buffers.Binary;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Metadata;

public sealed class WriteIntentBitmapTests
{
    private const long RegionBytes = 1 << 20;

    [Fact]
    public void MarkDirtyAsksForAStoreOnlyUntilTheBitsAreOnDisk()
    {
        var bitmap = WriteIntentBitmap.Create(10 * RegionBytes, RegionBytes);
        Assert.True(bitmap.MarkDirty(0, 4096));
        Assert.Equal(1, bitmap.DirtyCount);
        // Set but not yet stored: a second writer must not slip past the store.
        Assert.True(bitmap.MarkDirty(4096, 4096));
        Assert.Equal(1, bitmap.DirtyCount);
    }

    [Fact]
    public async Task MarkDirtyIsFalseOnceItsRegionsAreStoredAndTrueAgainForANewRegion()
    {
        await using var member = MemoryDevice.Create(64L << 20, 512, "m0");
        var (bitmap, superblock) = await NewArrayBitmap(member);
        Assert.True(bitmap.MarkDirty(0, 4096));
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
        Assert.False(bitmap.MarkDirty(0, RegionBytes));
        Assert.True(bitmap.MarkDirty(RegionBytes - 1, 2));
        Assert.Equal(2, bitmap.DirtyCount);
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
        Assert.False(bitmap.MarkDirty(0, 2 * RegionBytes));

        // Cleaning and storing takes a region off the disk, so its next write must store again.
        bitmap.MarkClean(1);
        Assert.False(bitmap.IsDirty(1));
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
        Assert.True(bitmap.MarkDirty(RegionBytes, 1));
    }

    [Fact]
    public void DirtyRangesMergeAdjacentRegionsAndClipTheLastOne()
    {
        var dataBytes = 9 * RegionBytes + 12345;
        var bitmap = WriteIntentBitmap.Create(dataBytes, RegionBytes);
        Assert.Equal(10, bitmap.RegionCount);
        bitmap.MarkDirty(RegionBytes + 7, 2 * RegionBytes);       // regions 1, 2, 3
        bitmap.MarkDirty(5 * RegionBytes, 1);                     // region 5
        bitmap.MarkDirty(9 * RegionBytes, 12345);                 // region 9, partial
        Assert.Equal(
            [(RegionBytes, 3 * RegionBytes), (5 * RegionBytes, RegionBytes), (9 * RegionBytes, 12345L)],
            bitmap.DirtyRanges().ToArray());
        Assert.Equal(5, bitmap.DirtyCount);

        bitmap.MarkDirty(4 * RegionBytes, 1);
        Assert.Equal([(RegionBytes, 5 * RegionBytes), (9 * RegionBytes, 12345L)], bitmap.DirtyRanges().ToArray());
        bitmap.ClearAll();
        Assert.Empty(bitmap.DirtyRanges());
        Assert.Equal(0, bitmap.DirtyCount);
        Assert.True(bitmap.MarkAllDirty());
        Assert.Equal([(0L, dataBytes)], bitmap.DirtyRanges().ToArray());
    }

    [Fact]
    public void BadRangesAndGeometriesAreArgumentErrors()
    {
        var bitmap = WriteIntentBitmap.Create(10 * RegionBytes, RegionBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.MarkDirty(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.MarkDirty(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.MarkDirty(10 * RegionBytes - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.MarkDirty(long.MaxValue, long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.MarkClean(10));
        Assert.Throws<ArgumentException>(() => WriteIntentBitmap.Create(10 * RegionBytes, 3 << 20));
        Assert.Throws<ArgumentException>(() => WriteIntentBitmap.Create(10 * RegionBytes, 2048));
        Assert.Throws<ArgumentException>(() => WriteIntentBitmap.Create(0, RegionBytes));
        Assert.Throws<ArgumentException>(() => WriteIntentBitmap.Create(WriteIntentBitmap.MaxRegions * 4096L + 1, 4096));
        Assert.Equal(WriteIntentBitmap.MaxRegions, WriteIntentBitmap.Create(WriteIntentBitmap.MaxRegions * 4096L, 4096).RegionCount);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public async Task AStoredBitmapLoadsBackWithTheSameBitsAndEvents(int sectorSize)
    {
        var seed = Seeds.Next(nameof(AStoredBitmapLoadsBackWithTheSameBitsAndEvents));
        var random = new Random(seed);
        await using var member = MemoryDevice.Create(64L << 20, sectorSize, "m0");
        var (bitmap, superblock) = await NewArrayBitmap(member);
        for (var i = 0; i < 20; i++)
            bitmap.MarkDirty(random.NextInt64(bitmap.DataBytes - 1), 1);
        superblock = superblock.WithClean(false).Bump();
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);

        var (loaded, error) = await WriteIntentBitmap.LoadAsync(member, superblock);
        Assert.True(error is null, $"seed {seed}: {error}");
        Assert.Equal(bitmap.DirtyRanges(), loaded!.DirtyRanges());
        Assert.Equal(bitmap.DirtyCount, loaded.DirtyCount);
        Assert.Equal(superblock.Events, loaded.Events);
        foreach (var (offsetBytes, lengthBytes) in loaded.DirtyRanges())
            Assert.False(loaded.MarkDirty(offsetBytes, lengthBytes), $"seed {seed}: a loaded bit is on disk already");
    }

    [Fact]
    public async Task ACorruptedBitmapIsDetected()
    {
        await using var member = MemoryDevice.Create(64L << 20, 512, "m0");
        var (bitmap, superblock) = await NewArrayBitmap(member);
        bitmap.MarkDirty(0, 1);
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
        using var area = new AlignedMemory((int)bitmap.AreaBytes);
        var firstSector = superblock.BitmapOffsetBytes / 512;
        Assert.True((await member.ReadAsync(firstSector, area.Memory)).IsOk);

        var flipped = area.Span.ToArray();
        flipped[WriteIntentBitmap.HeaderBytes] ^= 0x02;
        Assert.False(WriteIntentBitmap.TryParse(flipped, superblock, out _, out var crcError));
        Assert.Contains("checksum mismatch", crcError);

        var pastEnd = area.Span.ToArray();
        pastEnd[WriteIntentBitmap.HeaderBytes + bitmap.RegionCount / 8] |= 0x80;
        Reseal(pastEnd);
        Assert.False(WriteIntentBitmap.TryParse(pastEnd, superblock, out _, out var pastError));
        Assert.Contains("past its last region", pastError);

        Assert.False(WriteIntentBitmap.TryParse(area.Span, superblock with { ArrayId = Guid.NewGuid() }, out _, out var foreignError));
        Assert.Contains("belongs to array", foreignError);
        Assert.False(WriteIntentBitmap.TryParse(area.Span[..4096], superblock, out _, out var shortError));
        Assert.Contains("bitmap area is 4096 bytes", shortError);
        Assert.False(WriteIntentBitmap.TryParse(new byte[area.Length], superblock, out _, out var zeroError));
        Assert.Contains("magic", zeroError);

        flipped.CopyTo(area.Span);
        Assert.True((await member.WriteAsync(firstSector, area.Memory)).IsOk);
        var (loaded, loadError) = await WriteIntentBitmap.LoadAsync(member, superblock);
        Assert.Null(loaded);
        Assert.Contains("checksum mismatch", loadError);
    }

    [Fact]
    public async Task AFailedStoreOnOneMemberKeepsAskingForAStore()
    {
        await using var good = MemoryDevice.Create(64L << 20, 512, "good");
        await using var bad = SimulatedDevice.Create(64L << 20, seed: 3, name: "bad");
        var (bitmap, superblock) = await NewArrayBitmap(good);
        bad.AddFault(new FaultRule(FaultKind.WriteError));
        Assert.True(bitmap.MarkDirty(0, 1));
        var results = await bitmap.StoreAsync([good, bad], superblock);
        Assert.True(results[0].IsOk);
        Assert.Equal(IoStatus.IoError, results[1].Status);
        Assert.True(bitmap.MarkDirty(0, 1));
        bad.ClearFaults();
        Assert.All(await bitmap.StoreAsync([good, bad], superblock), r => Assert.True(r.IsOk));
        Assert.False(bitmap.MarkDirty(0, 1));
    }

    [Fact]
    public async Task AWriterArrivingWhileAStoreThatClearsItsRegionIsInFlightMustStoreAgain()
    {
        await using var member = SimulatedDevice.Create(64L << 20, seed: 9, name: "slow");
        var (bitmap, superblock) = await NewArrayBitmap(member);
        Assert.True(bitmap.MarkDirty(0, 1));
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);

        bitmap.MarkClean(0);
        member.AddFault(new FaultRule(FaultKind.Latency) { DelayMs = 200 });
        var clearing = bitmap.StoreAsync(member, superblock);
        // The in-flight store carries region 0 clear, so the bit on disk cannot be relied on.
        Assert.True(bitmap.MarkDirty(0, 1));
        Assert.True((await clearing).IsOk);
        member.ClearFaults();
        Assert.False((await WriteIntentBitmap.LoadAsync(member, superblock)).Bitmap!.IsDirty(0));
        Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
        Assert.True((await WriteIntentBitmap.LoadAsync(member, superblock)).Bitmap!.IsDirty(0));
    }

    [Fact]
    public async Task ConcurrentWritersNeverProceedBeforeTheirBitIsOnDisk()
    {
        var seed = Seeds.Next(nameof(ConcurrentWritersNeverProceedBeforeTheirBitIsOnDisk));
        await using var member = MemoryDevice.Create(64L << 20, 512, "m0");
        var (bitmap, superblock) = await NewArrayBitmap(member);
        var writes = 0;
        // Each worker owns the regions congruent to its number, so it may clean them when done.
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed + w);
            for (var i = 0; i < 50; i++)
            {
                var region = w + 8 * random.Next((bitmap.RegionCount - w + 7) / 8);
                if (bitmap.MarkDirty(region * bitmap.RegionBytes, 1))
                    Assert.True((await bitmap.StoreAsync(member, superblock)).IsOk);
                // The data write would go here, so the bit must already be on disk. Another worker
                // may be rewriting the area right now, and a read then sees it torn: read again.
                var (onDisk, error) = await WriteIntentBitmap.LoadAsync(member, superblock);
                for (var retry = 0; onDisk is null && retry < 1000; retry++)
                    (onDisk, error) = await WriteIntentBitmap.LoadAsync(member, superblock);
                Assert.True(onDisk is not null, $"seed {seed}: {error}");
                Assert.True(onDisk.IsDirty(region), $"seed {seed}: worker {w} write {i} went ahead while region {region} was clean on disk");
                Interlocked.Increment(ref writes);
                if (random.Next(2) == 0) bitmap.MarkClean(region);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(400, writes);
    }

    private static async Task<(WriteIntentBitmap Bitmap, MemberSuperblock Superblock)> NewArrayBitmap(IBlockDevice member)
    {
        await using var other = MemoryDevice.Create(64L << 20, 512, "other");
        var superblock = ArrayLayout.NewArray(RaidLevel.Raid1, 64 << 10, [member, other], "bm", regionBytes: RegionBytes)[0];
        return (WriteIntentBitmap.ForArray(superblock), superblock);
    }

    private static void Reseal(Span<byte> area)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(area[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(area[12..], Crc32C.Compute(area));
    }
}
