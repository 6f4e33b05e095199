using System.Diagnostics;
using Layered.Fs.Allocation;
using Layered.Fs.Format;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.Allocation;

public sealed class VolumeSpaceFormatTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4096, 32_256)]
    [InlineData(65536, 523_776)]
    public void OneBitmapBlockCoversEveryBitOfItsBody(int blockSize, int covered)
    {
        Assert.Equal(covered, VolumeSpace.BlocksCovered(blockSize));
        Assert.Equal(1, VolumeSpace.BitmapBlocks(covered, blockSize));
        Assert.Equal(2, VolumeSpace.BitmapBlocks(covered + 1, blockSize));
        Assert.Equal(8_323, VolumeSpace.BitmapBlocks(1L << 28, 4096));
    }

    [Fact]
    public async Task AFormattedVolumeLoadsBackWithTheSameFreeExtents()
    {
        var (space, volume) = await TestVolumes.FormatAsync(20_000, 512, new BlockExtent(100, 50), new BlockExtent(10_000, 3));
        Assert.Equal([new BlockExtent(0, volume.Bitmap.End), new(100, 50), new(10_000, 3)], await volume.UsedExtentsAsync());
        var reloaded = await TestVolumes.ReloadAsync(space, 20_000);
        Assert.Equal(volume.AllocatableExtents(), reloaded.AllocatableExtents());
        Assert.Equal(20_000 - volume.Bitmap.End - 53, reloaded.FreeBlocks);
    }

    [Fact]
    public async Task ACorruptedBitmapBlockMakesLoadThrowACorruptionError()
    {
        var (space, _) = await TestVolumes.FormatAsync(20_000);
        space.CorruptOnDisk(TestVolumes.BitmapBlock(3), 300);
        var error = await Assert.ThrowsAsync<FsCorruptionException>(async () => await TestVolumes.ReloadAsync(space, 20_000));
        Assert.Contains(TestVolumes.BitmapBlock(3).ToString(), error.Message);
    }

    [Fact]
    public async Task ABitmapBlockOfAnotherVolumeMakesLoadThrowACorruptionError()
    {
        var (space, _) = await TestVolumes.FormatAsync(20_000);
        var address = TestVolumes.BitmapBlock(2);
        space.WriteOnDisk(address, MetadataKind.FreeSpaceBitmap, owner: 7, space.DiskImage(address)!.ToArray());
        var error = await Assert.ThrowsAsync<FsCorruptionException>(async () => await TestVolumes.ReloadAsync(space, 20_000));
        Assert.Contains("volume 7", error.Message);
    }

    [Fact]
    public async Task AMissingBitmapBlockMakesLoadThrowACorruptionError()
    {
        var space = new AllocationTestSpace(512);
        await Assert.ThrowsAsync<FsCorruptionException>(async () =>
            await VolumeSpace.LoadAsync(space, TestVolumes.VolumeIndex, TestVolumes.BitmapStart, 20_000));
    }

    [Fact]
    public async Task FormatRejectsABitmapOrReservedExtentOutsideTheVolume()
    {
        var space = new AllocationTestSpace(512);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await VolumeSpace.FormatAsync(space, 0, 1_000, 1_000, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await VolumeSpace.FormatAsync(space, 0, 1, 1_000, [new(990, 11)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await VolumeSpace.FormatAsync(space, 0, -1, 1_000, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await VolumeSpace.FormatAsync(space, 0, 1, 0, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await VolumeSpace.FormatAsync(space, BlockAddress.MaxVolumes, 1, 1_000, []));
    }

    [Fact]
    public async Task AOneTebibyteVolumeFormatsAndLoadsInAFewSeconds()
    {
        const long blocks = 1L << 28; // 1 TiB of 4 KiB blocks
        var space = new AllocationTestSpace(4096);
        var clock = Stopwatch.StartNew();
        var volume = await VolumeSpace.FormatAsync(space, 0, 1, blocks, [new BlockExtent(0, 1), new BlockExtent(10_000, 65_536)]);
        space.Commit();
        var formatted = clock.Elapsed;
        clock.Restart();
        var loaded = await VolumeSpace.LoadAsync(space.Reopen(), 0, 1, blocks);
        var load = clock.Elapsed;
        output.WriteLine($"format + commit {formatted.TotalMilliseconds:F0} ms, load {load.TotalMilliseconds:F0} ms ({volume.Bitmap.Count} bitmap blocks)");

        Assert.Equal(8_323, volume.Bitmap.Count);
        Assert.Equal(blocks - 1 - 8_323 - 65_536, loaded.FreeBlocks);
        Assert.Equal(volume.AllocatableExtents(), loaded.AllocatableExtents());
        Assert.True(formatted + load < TimeSpan.FromSeconds(20), $"format {formatted}, load {load}");

        var last = await loaded.AllocateAsync(blocks - 10, 100);
        Assert.Equal(new BlockExtent(blocks - 10, 10), last);
        Assert.Equal(new BlockExtent(8_324, 100), await loaded.AllocateAsync(blocks, 100));
    }

    [Fact]
    public async Task AllocationStaysFastWithAQuarterMillionFreeExtents()
    {
        const int bitmapBlocks = 16;
        var covered = VolumeSpace.BlocksCovered(4096);
        long blocks = bitmapBlocks * covered;
        var space = new AllocationTestSpace(4096);
        await VolumeSpace.FormatAsync(space, 0, 1, blocks, [new BlockExtent(0, 1)]);
        space.Commit();
        // every other block in use: the worst fragmentation a bitmap can hold
        for (var i = 0; i < bitmapBlocks; i++)
        {
            var image = new byte[4096];
            image.AsSpan(64).Fill(0x55);
            space.WriteOnDisk(new BlockAddress(0, 1 + i), MetadataKind.FreeSpaceBitmap, 0, image);
        }

        var clock = Stopwatch.StartNew();
        var volume = await VolumeSpace.LoadAsync(space.Reopen(), 0, 1, blocks);
        var load = clock.Elapsed;
        Assert.Equal(blocks / 2, volume.FreeBlocks);
        Assert.Equal(blocks / 2, volume.AllocatableExtents().Count);

        var random = new Random(1);
        clock.Restart();
        for (var i = 0; i < 20_000; i++)
        {
            var extent = await volume.AllocateAsync(random.NextInt64(blocks), 8);
            Assert.Equal(1, extent!.Value.Count);
        }
        var allocate = clock.Elapsed;
        output.WriteLine($"load {load.TotalMilliseconds:F0} ms, 20 000 allocations {allocate.TotalMilliseconds:F0} ms");
        Assert.True(allocate < TimeSpan.FromSeconds(5), $"20 000 allocations took {allocate}");
    }
}
