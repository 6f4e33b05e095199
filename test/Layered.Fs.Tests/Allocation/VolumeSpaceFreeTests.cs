using Layered.Fs.Allocation;

namespace Layered.Fs.Tests.Allocation;

public sealed class VolumeSpaceFreeTests
{
    [Fact]
    public async Task FreedBlocksAreFreeOnDiskAtOnceButAllocatableOnlyAfterReleasePending()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        var taken = await TestVolumes.AllocateEverythingAsync(volume);
        var freed = new BlockExtent(taken[0].Start + 7, 20);
        await volume.FreeAsync(freed);
        Assert.Equal(20, volume.FreeBlocks);
        Assert.Equal(20, volume.PendingBlocks);
        Assert.False(await volume.IsUsedAsync(freed.Start));
        Assert.Null(await volume.AllocateAsync(freed.Start, 5));

        space.Commit();
        var reloaded = await TestVolumes.ReloadAsync(space, 5_000);
        Assert.Equal([freed], reloaded.AllocatableExtents());

        volume.ReleasePending();
        Assert.Equal(0, volume.PendingBlocks);
        Assert.Equal(new BlockExtent(freed.Start, 5), await volume.AllocateAsync(freed.Start, 5));
    }

    [Fact]
    public async Task ReleasedExtentsMergeWithTheirFreeNeighbours()
    {
        var (_, volume) = await TestVolumes.FormatAsync(5_000);
        var a = await volume.AllocateAsync(0, 100);
        var b = await volume.AllocateAsync(a!.Value.End, 100);
        await volume.FreeAsync(b!.Value);
        await volume.FreeAsync(a.Value);
        Assert.Equal([new BlockExtent(a.Value.Start, 200)], volume.PendingExtents());
        volume.ReleasePending();
        Assert.Equal([new BlockExtent(a.Value.Start, 5_000 - a.Value.Start)], volume.AllocatableExtents());
    }

    [Fact]
    public async Task ADoubleFreeThrowsNamingTheBlockAndChangesNothing()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        var extent = await volume.AllocateAsync(0, 100) ?? throw new InvalidOperationException("nothing allocated");
        await volume.FreeAsync(extent with { Count = 50 });
        space.Commit();
        var image = space.DiskImage(TestVolumes.BitmapBlock(0))!.ToArray();

        var error = await Assert.ThrowsAsync<FsCorruptionException>(async () => await volume.FreeAsync(new BlockExtent(extent.Start + 40, 20)));
        Assert.Contains($"{TestVolumes.VolumeIndex}:{extent.Start + 40}", error.Message);
        Assert.Contains("double free", error.Message);
        Assert.Equal(50, volume.PendingBlocks);
        Assert.Equal(0, space.DirtyBlocks);
        space.CheckNoUndirtiedChanges();
        Assert.True(await volume.IsUsedAsync(extent.Start + 55));
        space.Commit();
        Assert.Equal(image[64..], space.DiskImage(TestVolumes.BitmapBlock(0))![64..]);
    }

    [Fact]
    public async Task FreeingANeverAllocatedBlockIsADoubleFree()
    {
        var (_, volume) = await TestVolumes.FormatAsync(5_000);
        var error = await Assert.ThrowsAsync<FsCorruptionException>(async () => await volume.FreeAsync(new BlockExtent(4_000, 1)));
        Assert.Contains("4000", error.Message);
        Assert.Equal(0, volume.PendingBlocks);
    }

    [Fact]
    public async Task AFailedBitmapReadLeavesTheIndexAndTheBitmapAsTheyWere()
    {
        var covered = VolumeSpace.BlocksCovered(512);
        var (space, volume) = await TestVolumes.FormatAsync(3L * covered);
        await volume.AllocateAsync(0, covered - 100);
        space.Commit();
        var allocatable = volume.AllocatableExtents();
        space.DropCleanBlocks();
        space.FailReadsOf = TestVolumes.BitmapBlock(1);

        await Assert.ThrowsAsync<FsIoException>(async () => await volume.AllocateManyAsync(0, 500));
        await Assert.ThrowsAsync<FsIoException>(async () => await volume.AllocateAsync(0, 500));
        Assert.Equal(allocatable, volume.AllocatableExtents());
        Assert.Equal(0, space.DirtyBlocks);

        space.FailReadsOf = null;
        var extents = await volume.AllocateManyAsync(0, 500);
        Assert.Equal([new BlockExtent(covered - 100 + volume.Bitmap.End, 500)], extents);
    }

    [Fact]
    public async Task SetUsedForcesBitsAndTheIndexFollows()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        var taken = await volume.AllocateAsync(0, 200) ?? throw new InvalidOperationException("nothing allocated");
        await volume.FreeAsync(taken with { Count = 50 });

        await volume.SetUsedAsync(new BlockExtent(taken.Start + 20, 10), used: true); // part of the pending range
        Assert.Equal(40, volume.PendingBlocks);
        await volume.SetUsedAsync(new BlockExtent(taken.Start + 100, 10), used: false); // leaked blocks, free at once
        Assert.Equal(new BlockExtent(taken.Start + 100, 10), await volume.AllocateAsync(taken.Start + 100, 50));
        await volume.SetUsedAsync(new BlockExtent(4_000, 100), used: true); // a free range
        Assert.True(await volume.IsUsedAsync(4_050));

        space.Commit();
        var reloaded = await TestVolumes.ReloadAsync(space, 5_000);
        Assert.Equal(reloaded.FreeBlocks, volume.FreeBlocks);
        Assert.Equal(
            [new BlockExtent(0, taken.Start), new(taken.Start + 20, 10), new(taken.Start + 50, 150), new(4_000, 100)],
            await volume.UsedExtentsAsync());
    }

    [Fact]
    public async Task SetUsedThatChangesNoBitDirtiesNothing()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        await volume.SetUsedAsync(new BlockExtent(0, 1), used: true);
        await volume.SetUsedAsync(new BlockExtent(4_000, 10), used: false);
        Assert.Equal(0, space.DirtyBlocks);
    }

    [Fact]
    public async Task ExtentsOutsideTheVolumeAreRejected()
    {
        var (_, volume) = await TestVolumes.FormatAsync(1_000);
        foreach (var extent in new BlockExtent[] { new(-1, 2), new(999, 2), new(10, 0), new(10, -1), new(1_000, 1) })
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.FreeAsync(extent));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.SetUsedAsync(extent, true));
        }
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.IsUsedAsync(1_000));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.IsUsedAsync(-1));
    }
}
