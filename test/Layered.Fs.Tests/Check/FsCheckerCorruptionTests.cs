using Layered.BlockStack;
using Layered.Fs.Check;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Tests.Check;

/// <summary>Blocks that fail their checksum: reported with the right kind, never thrown, and never "repaired" into worse.</summary>
public sealed class FsCheckerCorruptionTests
{
    [Fact]
    public async Task ABitFlipInAnExtentTreeNodeIsReportedNotThrown() =>
        await AssertTreeNodeFlipReportedAsync(fs => fs.Extents.Tree, "extent tree");

    [Fact]
    public async Task ABitFlipInAnInodeTreeNodeIsReportedNotThrown() =>
        await AssertTreeNodeFlipReportedAsync(fs => fs.Inodes.Tree, "inode tree");

    [Fact]
    public async Task ABitFlipInADirectoryTreeNodeIsReportedNotThrown() =>
        await AssertTreeNodeFlipReportedAsync(fs => fs.Directories.Tree, "directory tree");

    [Fact]
    public async Task ABitFlipInABitmapBlockIsReportedAndTheRestIsStillChecked()
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        var bitmap = fs.Superblock.Volumes[0].BitmapStart;
        await fs.DisposeAsync();
        await Damage.FlipBitAsync(devices[0], bitmap.Block);

        var report = await FsChecker.CheckAsync(devices, repair: false);
        Assert.False(report.Clean);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.BitmapCorrupt, problem.Kind);
        Assert.Contains($"bitmap block {bitmap}", problem.Message);
        Assert.True(report.Inodes > 40);

        // Mount refuses a damaged bitmap, so repair says so rather than throwing.
        var repair = await FsChecker.CheckAsync(devices, repair: true);
        Assert.False(repair.Clean);
        Assert.Empty(repair.Repaired);
    }

    [Fact]
    public async Task ABitFlipInTheRootBlockIsReportedAsUnrepairable()
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        await fs.DisposeAsync();
        await Damage.FlipBitAsync(devices[0], FsRoot.Address.Block);

        foreach (var repair in new[] { false, true })
        {
            var report = await FsChecker.CheckAsync(devices, repair);
            Assert.False(report.Clean);
            var problem = Assert.Single(report.Problems);
            Assert.Equal(ProblemKind.RootBlockCorrupt, problem.Kind);
            Assert.False(problem.Repairable);
        }
    }

    [Fact]
    public async Task AnExtentOfAMissingInodeIsRemovedAndItsBlocksFreed()
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        // Blocks allocated to an inode that never existed, as a lost update would leave them.
        await fs.RepairAsync(async () =>
        {
            var blocks = await fs.Spaces[0].AllocateAsync(12_000, 3);
            await fs.Extents.InsertAsync(999_999, 0, new ExtentRecord(new BlockAddress(0, blocks!.Value.Start), blocks.Value.Count, false), default);
        }, default);
        await fs.DisposeAsync();

        var check = await FsChecker.CheckAsync(devices, repair: false);
        // The extent no longer counts as a reference, so its blocks show as leaked too.
        Assert.Equal([ProblemKind.ExtentOrphaned, ProblemKind.LeakedBlock], check.Problems.Select(p => p.Kind));
        Assert.Contains("inode 999999", check.Problems[0].Message);
        var repaired = await FsChecker.CheckAsync(devices, repair: true);
        FsCheckerCleanTests.AssertClean(repaired);
        Assert.Contains(repaired.Repaired, r => r.StartsWith(ProblemKind.LeakedBlock, StringComparison.Ordinal));
    }

    private static async Task AssertTreeNodeFlipReportedAsync(Func<FileSystem, BTree> tree, string name)
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        var nodes = (await tree(fs).CheckAsync()).Blocks;
        await fs.DisposeAsync();
        var leaf = await Damage.LeafAsync(devices, nodes);
        await Damage.FlipBitAsync(devices[leaf.Volume], leaf.Block, 1000);

        var report = await FsChecker.CheckAsync(devices, repair: false);
        Assert.False(report.Clean);
        var problem = Assert.Single(report.Problems, p => p.Kind == ProblemKind.TreeCorrupt);
        Assert.Contains(name, problem.Message);
        Assert.Contains(leaf.ToString(), problem.Message);
        Assert.DoesNotContain(report.Problems, p => p.Repairable);

        // With part of the metadata unseen nothing is changed, so nothing intact is lost.
        var before = await HashAsync(devices);
        var repair = await FsChecker.CheckAsync(devices, repair: true);
        Assert.False(repair.Clean);
        Assert.Empty(repair.Repaired);
        Assert.Equal(before, await HashAsync(devices));
    }

    private static async Task<int> HashAsync(IBlockDevice[] devices)
    {
        var hash = new HashCode();
        foreach (var device in devices)
            for (long block = 0; block < device.SectorCount * device.SectorSize / Damage.BlockSize; block++)
                hash.AddBytes(await Damage.ReadBlockAsync(device, block));
        return hash.ToHashCode();
    }
}
