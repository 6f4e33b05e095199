using System.Buffers.Binary;
using Layered.BlockStack;
using Layered.Fs.Check;
using Layered.Fs.Format;
using Layered.Fs.Tests.Posix;
using Layered.Fs.Trees;

namespace Layered.Fs.Tests.Check;

/// <summary>Damage that is wrong in meaning but sound in checksum: found with the right kind, repaired, and clean after.</summary>
public sealed class FsCheckerRepairTests
{
    [Fact]
    public async Task ALeakedBlockIsFoundAndFreed()
    {
        var (fs, devices) = await FileAsync();
        var free = fs.Spaces[0].AllocatableExtents()[^1];
        var superblock = fs.Superblock;
        await fs.DisposeAsync();
        await Damage.SetBitmapBitAsync(devices, superblock, 0, free.Start + 5, used: true);

        await AssertFoundThenRepairedAsync(devices, ProblemKind.LeakedBlock, $"[{free.Start + 5}, {free.Start + 6})");
    }

    [Fact]
    public async Task ADataBlockMissingFromTheBitmapIsFoundAndMarkedUsed()
    {
        var (fs, devices, ino) = await FileWithInoAsync();
        var (_, extent) = (await fs.Extents.AllAsync(ino, default))[0];
        var superblock = fs.Superblock;
        await fs.DisposeAsync();
        await Damage.SetBitmapBitAsync(devices, superblock, extent.Start.Volume, extent.Start.Block + 1, used: false);

        await AssertFoundThenRepairedAsync(devices, ProblemKind.AllocationMissing, $"inode {ino}");
    }

    [Fact]
    public async Task AWrongLinkCountIsFoundAndCorrected()
    {
        var (fs, devices, ino) = await FileWithInoAsync();
        var nodes = (await fs.Inodes.Tree.CheckAsync()).Blocks;
        await fs.DisposeAsync();
        await Damage.PatchItemAsync(devices, fs.Superblock.FsId, nodes, new TreeKey(ino, 0), v => BinaryPrimitives.WriteUInt32LittleEndian(v[12..], 5));

        await AssertFoundThenRepairedAsync(devices, ProblemKind.LinkCount, $"inode {ino}");
        var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        Assert.Equal(2u, (await again.GetAttrAsync(ino)).Links);
        await again.DisposeAsync();
    }

    [Fact]
    public async Task AWrongDirectoryLinkCountIsFoundAndCorrected()
    {
        var (fs, devices) = await FileAsync();
        var nodes = (await fs.Inodes.Tree.CheckAsync()).Blocks;
        await fs.DisposeAsync();
        await Damage.PatchItemAsync(devices, fs.Superblock.FsId, nodes, new TreeKey(FileSystem.RootIno, 0), v => BinaryPrimitives.WriteUInt32LittleEndian(v[12..], 9));

        await AssertFoundThenRepairedAsync(devices, ProblemKind.LinkCount, $"inode {FileSystem.RootIno}");
    }

    [Fact]
    public async Task AWrongBlocksCounterIsFoundAndCorrected()
    {
        var (fs, devices, ino) = await FileWithInoAsync();
        var nodes = (await fs.Inodes.Tree.CheckAsync()).Blocks;
        await fs.DisposeAsync();
        await Damage.PatchItemAsync(devices, fs.Superblock.FsId, nodes, new TreeKey(ino, 0), v => BinaryPrimitives.WriteInt64LittleEndian(v[24..], 1234));

        await AssertFoundThenRepairedAsync(devices, ProblemKind.BlockCount, $"inode {ino}");
    }

    [Fact]
    public async Task AnEntryNamingAMissingInodeIsFoundAndRemoved()
    {
        var (fs, devices) = await FileAsync();
        var other = await fs.CreateAsync(FileSystem.RootIno, "victim", 0x1A4, 0, 0);
        var item = await fs.Directories.FindAsync(FileSystem.RootIno, "victim"u8.ToArray(), default);
        var nodes = (await fs.Directories.Tree.CheckAsync()).Blocks;
        await fs.DisposeAsync();
        // The entry now names an inode that was never made; inode `other` loses its only name.
        await Damage.PatchItemAsync(devices, fs.Superblock.FsId, nodes, new TreeKey(FileSystem.RootIno, item!.Slot),
            v => BinaryPrimitives.WriteUInt64LittleEndian(v[(1 + "victim".Length)..], 999_999));

        var report = await AssertFoundThenRepairedAsync(devices, ProblemKind.EntryTargetMissing, "999999");
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.Unreachable && p.Message.Contains($"inode {other.Ino}"));
        var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        Assert.Null(await again.LookupAsync(FileSystem.RootIno, "victim"));
        Assert.NotNull(await again.LookupAsync(FileSystem.RootIno, "a"));
        await again.DisposeAsync();
        Assert.True((await FsChecker.CheckAsync(devices, repair: false)).Clean);
    }

    [Fact]
    public async Task AWrongInodeCountInTheRootBlockIsFoundAndCorrected()
    {
        var (fs, devices) = await FileAsync();
        await fs.DisposeAsync();
        await Damage.ResealAsync(devices[0], FsRoot.Address.Block, fs.Superblock.FsId, d => BinaryPrimitives.WriteInt64LittleEndian(d.AsSpan(MetadataHeader.Bytes + 40), 77));

        await AssertFoundThenRepairedAsync(devices, ProblemKind.InodeCount, "77");
    }

    private static async Task<FsckReport> AssertFoundThenRepairedAsync(IBlockDevice[] devices, string kind, string mention)
    {
        var check = await FsChecker.CheckAsync(devices, repair: false);
        Assert.False(check.Clean);
        var problem = Assert.Single(check.Problems, p => p.Kind == kind);
        Assert.Contains(mention, problem.Message);
        Assert.True(problem.Repairable, problem.ToString());

        var repair = await FsChecker.CheckAsync(devices, repair: true);
        FsCheckerCleanTests.AssertClean(repair);
        Assert.Contains(repair.Repaired, r => r.StartsWith(kind, StringComparison.Ordinal));
        FsCheckerCleanTests.AssertClean(await FsChecker.CheckAsync(devices, repair: false));
        return repair;
    }

    private static async Task<(FileSystem Fs, IBlockDevice[] Devices)> FileAsync()
    {
        var (fs, devices, _) = await FileWithInoAsync();
        return (fs, devices);
    }

    /// <summary>One file of 40 KiB with two names, on a one-volume filesystem.</summary>
    private static async Task<(FileSystem Fs, IBlockDevice[] Devices, ulong Ino)> FileWithInoAsync()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "a", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[40_000]);
        await fs.MkdirAsync(FileSystem.RootIno, "d", 0x1ED, 0, 0);
        await fs.LinkAsync(file.Ino, FileSystem.RootIno, "b");
        return (fs, devices, file.Ino);
    }
}
