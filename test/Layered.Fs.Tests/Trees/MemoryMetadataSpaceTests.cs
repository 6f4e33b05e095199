using Layered.Fs.Format;

namespace Layered.Fs.Tests.Trees;

/// <summary>The test space's policing is what makes a missing Dirty call visible, so it must itself be able to fail.</summary>
public sealed class MemoryMetadataSpaceTests
{
    private static async Task<(MemoryMetadataSpace Space, BlockAddress Address)> OneFlushedBlockAsync()
    {
        var space = new MemoryMetadataSpace(4096);
        var block = await space.AllocateAsync(MetadataKind.InodeTreeNode, 0);
        block.Body[0] = 1;
        space.Flush();
        return (space, block.Address);
    }

    [Fact]
    public async Task AChangeMadeBeforeDirtyIsCaughtByTheDirtyCall()
    {
        var (space, address) = await OneFlushedBlockAsync();
        var block = await space.ReadAsync(address, MetadataKind.InodeTreeNode);
        block.Body[5] = 9;
        Assert.Throws<InvalidOperationException>(() => space.Dirty(block));
    }

    [Fact]
    public async Task AChangeNeverAnnouncedWithDirtyIsCaughtAtFlush()
    {
        var (space, address) = await OneFlushedBlockAsync();
        var block = await space.ReadAsync(address, MetadataKind.InodeTreeNode);
        block.Body[5] = 9;
        Assert.Throws<InvalidOperationException>(space.Flush);
    }

    [Fact]
    public async Task ADirtiedChangeIsSealedAndReadBackVerified()
    {
        var (space, address) = await OneFlushedBlockAsync();
        var block = await space.ReadAsync(address, MetadataKind.InodeTreeNode);
        space.Dirty(block);
        block.Body[5] = 9;
        space.Flush();
        Assert.Equal(9, (await space.ReadAsync(address, MetadataKind.InodeTreeNode)).Body[5]);
        Assert.Equal(1, space.DirtyCalls);
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await space.ReadAsync(address, MetadataKind.XattrTreeNode));
    }

    [Fact]
    public async Task AFreedBlockCannotBeReadOrFreedAgainAndIsReusedOnlyAfterFlush()
    {
        var (space, address) = await OneFlushedBlockAsync();
        var block = await space.ReadAsync(address, MetadataKind.InodeTreeNode);
        space.Free(block);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await space.ReadAsync(address, MetadataKind.InodeTreeNode));
        Assert.Throws<InvalidOperationException>(() => space.Free(block));
        Assert.NotEqual(address, (await space.AllocateAsync(MetadataKind.InodeTreeNode, 0)).Address);
        space.Flush();
        Assert.Equal(address, (await space.AllocateAsync(MetadataKind.InodeTreeNode, 0)).Address);
    }

    [Fact]
    public async Task ABlockObjectKeptAcrossAFlushIsRefusedAsStale()
    {
        var (space, address) = await OneFlushedBlockAsync();
        var block = await space.ReadAsync(address, MetadataKind.InodeTreeNode);
        space.Flush();
        Assert.Throws<InvalidOperationException>(() => space.Dirty(block));
    }
}
