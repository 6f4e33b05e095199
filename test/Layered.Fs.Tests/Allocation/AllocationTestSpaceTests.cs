using Layered.Fs.Format;

namespace Layered.Fs.Tests.Allocation;

/// <summary>The test space must catch what it exists to catch, or the allocation tests prove nothing.</summary>
public sealed class AllocationTestSpaceTests
{
    private static readonly BlockAddress Address = new(1, 5);

    [Fact]
    public async Task AChangeToABlockNotMarkedDirtyIsCaught()
    {
        var space = new AllocationTestSpace(512);
        space.Create(Address, MetadataKind.FreeSpaceBitmap, 1);
        space.Commit();
        var block = await space.ReadAsync(Address, MetadataKind.FreeSpaceBitmap);
        block.Body[3] = 1;
        Assert.Throws<InvalidOperationException>(space.Commit);
        Assert.Throws<InvalidOperationException>(() => space.Dirty(block));
    }

    [Fact]
    public async Task ABlockChangedAfterDirtyIsSealedAndReadsBackVerified()
    {
        var space = new AllocationTestSpace(512);
        space.Create(Address, MetadataKind.FreeSpaceBitmap, 1);
        space.Commit();
        var block = await space.ReadAsync(Address, MetadataKind.FreeSpaceBitmap);
        space.Dirty(block);
        block.Body[3] = 1;
        space.Commit();
        var reread = await space.Reopen().ReadAsync(Address, MetadataKind.FreeSpaceBitmap);
        Assert.Equal(1, reread.Body[3]);
        Assert.Equal(1UL, reread.Owner);
    }

    [Fact]
    public async Task AFlippedBitOnDiskFailsVerification()
    {
        var space = new AllocationTestSpace(512);
        space.Create(Address, MetadataKind.FreeSpaceBitmap, 1);
        space.Commit();
        space.CorruptOnDisk(Address, 100);
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await space.Reopen().ReadAsync(Address, MetadataKind.FreeSpaceBitmap));
    }
}
