using Layered.Fs.Allocation;

namespace Layered.Fs.Tests.Allocation;

public sealed class VolumeSpaceAllocationTests
{
    [Fact]
    public async Task SequentialAllocationsWithTheGoalAtThePreviousEndMakeOneContiguousRun()
    {
        // 4 bitmap blocks at 4 KiB, so the run crosses bitmap block boundaries
        var (_, volume) = await TestVolumes.FormatAsync(100_000, 4096);
        var first = await volume.AllocateAsync(0, 100) ?? throw new InvalidOperationException("nothing allocated");
        var end = first.End;
        for (var i = 0; i < 900; i++)
        {
            var next = await volume.AllocateAsync(end, 100);
            Assert.Equal(new BlockExtent(end, 100), next);
            end += 100;
        }
        Assert.Equal(first.Start + 90_100, end);
    }

    [Fact]
    public async Task AFreeGoalIsUsedEvenWhenItsExtentIsShort()
    {
        var (_, volume) = await TestVolumes.FormatAsync(10_000);
        await volume.SetUsedAsync(new BlockExtent(110, 4000), used: true);
        Assert.Equal(new BlockExtent(100, 10), await volume.AllocateAsync(100, 50));
    }

    [Fact]
    public async Task AWholeExtentNearbyIsPreferredToSplittingTheNearestOne()
    {
        var (_, volume) = await TestVolumes.FormatAsync(20_000);
        // used from 100 on, with a 5-block hole at 200 and a 64-block hole a little farther
        await volume.SetUsedAsync(new BlockExtent(100, 19_900), used: true);
        await volume.SetUsedAsync(new BlockExtent(200, 5), used: false);
        await volume.SetUsedAsync(new BlockExtent(1_000, 64), used: false);
        Assert.Equal(new BlockExtent(1_000, 64), await volume.AllocateAsync(150, 64));
    }

    [Fact]
    public async Task AWholeExtentFarAwayLosesToThePartOfTheNearestOne()
    {
        var (_, volume) = await TestVolumes.FormatAsync(20_000);
        await volume.SetUsedAsync(new BlockExtent(0, 20_000), used: true);
        await volume.SetUsedAsync(new BlockExtent(200, 5), used: false);
        var far = 200 + volume.NearBlocks + 100;
        await volume.SetUsedAsync(new BlockExtent(far, 64), used: false);
        Assert.Equal(new BlockExtent(200, 5), await volume.AllocateAsync(150, 64));
    }

    [Fact]
    public async Task WithNothingFreeAfterTheGoalAllocationWrapsToTheStart()
    {
        var (_, volume) = await TestVolumes.FormatAsync(10_000);
        await volume.SetUsedAsync(new BlockExtent(5_000, 5_000), used: true);
        var start = volume.Bitmap.End;
        Assert.Equal(new BlockExtent(start, 10), await volume.AllocateAsync(9_000, 10));
        Assert.Equal(new BlockExtent(start + 10, 10), await volume.AllocateAsync(volume.TotalBlocks, 10));
    }

    [Fact]
    public async Task AFullVolumeAllocatesNothingAndAllocateManyFailsChangingNothing()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        var taken = await TestVolumes.AllocateEverythingAsync(volume);
        space.Commit();
        Assert.Equal(0, volume.FreeBlocks);
        Assert.Null(await volume.AllocateAsync(17, 1));
        await volume.FreeAsync(taken[0] with { Count = 1 });
        await Assert.ThrowsAsync<FsNoSpaceException>(async () => await volume.AllocateManyAsync(0, 1));
        Assert.Equal(1, volume.FreeBlocks);
        Assert.Equal(1, volume.PendingBlocks);
    }

    [Fact]
    public async Task AllocateManyFailsWithoutChangingAnythingWhenTooFewBlocksAreFree()
    {
        var (space, volume) = await TestVolumes.FormatAsync(5_000);
        await volume.AllocateManyAsync(0, 4_000);
        space.Commit();
        var before = volume.AllocatableExtents();
        var error = await Assert.ThrowsAsync<FsNoSpaceException>(async () => await volume.AllocateManyAsync(0, volume.FreeBlocks + 1));
        Assert.Contains("allocatable", error.Message);
        Assert.Equal(before, volume.AllocatableExtents());
        Assert.Equal(0, space.DirtyBlocks);
    }

    [Fact]
    public async Task OnAFragmentedVolumeAllocateManyTakesOneExtentThatHoldsEverything()
    {
        var (_, volume) = await FragmentedAsync();
        var extents = await volume.AllocateManyAsync(0, 2_500);
        Assert.Equal([new BlockExtent(20_000, 2_500)], extents);
    }

    [Fact]
    public async Task OnAFragmentedVolumeAllocateManyTakesTheLargestExtentsFirst()
    {
        var (_, volume) = await FragmentedAsync();
        // 3000 + 500 is the fewest; taking the many 10-block holes near the goal would need 40
        var extents = await volume.AllocateManyAsync(0, 3_400);
        Assert.Equal(2, extents.Count);
        Assert.Equal(new BlockExtent(20_000, 3_000), extents[0]);
        Assert.Equal(400, extents[1].Count);
        Assert.Equal(3_400, extents.Sum(e => e.Count));
    }

    [Fact]
    public async Task AllocateManyContinuesTheRunAtAFreeGoalBeforeLookingElsewhere()
    {
        var (_, volume) = await FragmentedAsync();
        var extents = await volume.AllocateManyAsync(1_000, 200);
        Assert.Equal(new BlockExtent(1_000, 10), extents[0]);
        Assert.Equal(2, extents.Count);
        Assert.Equal(190, extents[1].Count);
    }

    [Fact]
    public async Task ReservedBlocksAndTheBitmapAreNeverAllocated()
    {
        BlockExtent[] reserved = [new(50, 100), new(3_000, 1), new(4_990, 10)];
        var (_, volume) = await TestVolumes.FormatAsync(5_000, 512, reserved);
        var taken = await TestVolumes.AllocateEverythingAsync(volume);
        BlockExtent[] forbidden = [new(0, 1), volume.Bitmap, .. reserved];
        foreach (var extent in taken)
            Assert.DoesNotContain(forbidden, f => TestVolumes.Overlaps(f, extent));
        Assert.Equal(5_000 - 1 - volume.Bitmap.Count - 111, taken.Sum(e => e.Count));
    }

    [Fact]
    public async Task TheTailOfTheLastBitmapBlockIsSetAndNeverAllocated()
    {
        var blocks = 2L * VolumeSpace.BlocksCovered(512) + 5;
        var (space, volume) = await TestVolumes.FormatAsync(blocks);
        var lastBlock = space.DiskImage(TestVolumes.BitmapBlock(2)) ?? throw new InvalidOperationException("no last bitmap block");
        Assert.Equal(0xE0, lastBlock[64]); // bits 0-4 are volume blocks, 5-7 past the end
        Assert.All(lastBlock[65..], b => Assert.Equal(0xFF, b));

        var taken = await TestVolumes.AllocateEverythingAsync(volume);
        Assert.All(taken, e => Assert.True(e.End <= blocks, $"{e} runs past the volume's {blocks} blocks"));
        Assert.Equal(blocks - 1 - volume.Bitmap.Count, taken.Sum(e => e.Count));
        space.Commit();
        var reloaded = await TestVolumes.ReloadAsync(space, blocks);
        Assert.Equal(0, reloaded.FreeBlocks);
    }

    [Fact]
    public async Task GoalsAndCountsOutsideTheVolumeAreRejected()
    {
        var (_, volume) = await TestVolumes.FormatAsync(1_000);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.AllocateAsync(-1, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.AllocateAsync(1_001, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.AllocateAsync(0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.AllocateManyAsync(0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.AllocateManyAsync(1_001, 1));
    }

    /// <summary>
    /// A volume in use everywhere except 10-block holes every 100 blocks up to 10 000, 500-block
    /// holes at 12 000 and 15 000, and a 3 000-block hole at 20 000.
    /// </summary>
    private static async Task<(AllocationTestSpace Space, VolumeSpace Volume)> FragmentedAsync()
    {
        var (space, volume) = await TestVolumes.FormatAsync(30_000);
        await volume.SetUsedAsync(new BlockExtent(0, 30_000), used: true);
        for (var start = 1_000; start < 10_000; start += 100) await volume.SetUsedAsync(new BlockExtent(start, 10), used: false);
        await volume.SetUsedAsync(new BlockExtent(12_000, 500), used: false);
        await volume.SetUsedAsync(new BlockExtent(15_000, 500), used: false);
        await volume.SetUsedAsync(new BlockExtent(20_000, 3_000), used: false);
        space.Commit();
        return (space, volume);
    }
}
