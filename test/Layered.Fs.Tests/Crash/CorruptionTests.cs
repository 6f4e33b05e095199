using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;
using Layered.Fs.Volumes;
using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// Bit flips in each kind of metadata block of an unmounted filesystem. Mount and the
/// operations after it must fail cleanly (a volume-set error, or EUCLEAN/EIO and then EROFS),
/// never with another exception, never hang, and never return wrong file data.
/// </summary>
public sealed class CorruptionTests
{
    private const int BlocksPerTarget = 4;
    private const int FlipsPerBlock = 4;
    private static readonly FsMountOptions s_mount = new() { CommitIntervalMs = 0 };
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 120_000)]
    [InlineData(MetadataTarget.Superblock)]
    [InlineData(MetadataTarget.RootBlock)]
    [InlineData(MetadataTarget.InodeTree)]
    [InlineData(MetadataTarget.ExtentTree)]
    [InlineData(MetadataTarget.DirectoryTree)]
    [InlineData(MetadataTarget.XattrTree)]
    [InlineData(MetadataTarget.Bitmap)]
    [InlineData(MetadataTarget.JournalAfterCleanUnmount)]
    [InlineData(MetadataTarget.JournalWithUnreplayedCommits)]
    public async Task AFlippedBitInMetadataGivesACleanErrorAndNeverWrongData(MetadataTarget target)
    {
        var seed = Seeds.Next($"{nameof(AFlippedBitInMetadataGivesACleanErrorAndNeverWrongData)}({target})");
        var random = new Random(seed);
        var problems = new List<string>();
        var detected = 0;
        for (var block = 0; block < BlocksPerTarget; block++)
        {
            for (var flip = 0; flip < FlipsPerBlock; flip++)
            {
                var image = await FsImage.BuildAsync(dirty: target == MetadataTarget.JournalWithUnreplayedCommits);
                var addresses = await LocateAsync(image, target);
                Assert.True(addresses.Count > 0, $"no {target} block found, so the test corrupts nothing");
                var address = addresses[block % addresses.Count];
                var bit = random.Next(image.BlockSize * 8);
                await FlipAsync(image.Devices, address, image.BlockSize, bit);
                var (problem, failed) = await ExerciseAsync(image);
                if (failed) detected++;
                if (problem is not null) problems.Add($"{target} block {address} bit {bit}: {problem}");
            }
        }
        Assert.True(problems.Count == 0, $"seed {seed}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        if (target is not (MetadataTarget.JournalAfterCleanUnmount or MetadataTarget.JournalWithUnreplayedCommits))
            Assert.True(detected > 0, $"seed {seed}: no flip in {target} was noticed by anything, so the trials checked nothing");
    }

    private static async Task<List<BlockAddress>> LocateAsync(FsImage image, MetadataTarget target)
    {
        var (superblock, _) = await VolumeSet.ReadSuperblockAsync(image.Devices[0]);
        switch (target)
        {
            case MetadataTarget.Superblock: return [new BlockAddress(0, 0)];
            case MetadataTarget.RootBlock: return [FsRoot.Address];
            case MetadataTarget.JournalAfterCleanUnmount or MetadataTarget.JournalWithUnreplayedCommits:
                return [.. Enumerable.Range(0, 4).Select(i => superblock!.JournalStart with { Block = superblock.JournalStart.Block + i })];
        }
        await using var fs = await FileSystem.MountAsync(image.Devices, new FsMountOptions { CommitIntervalMs = 0, ReadOnly = true });
        var tree = target switch
        {
            MetadataTarget.InodeTree => fs.Inodes.Tree,
            MetadataTarget.ExtentTree => fs.Extents.Tree,
            MetadataTarget.DirectoryTree => fs.Directories.Tree,
            MetadataTarget.XattrTree => fs.Xattrs.Tree,
            _ => null,
        };
        if (tree is null) return [new BlockAddress(0, fs.Spaces[0].Bitmap.Start)];
        var check = await tree.CheckAsync();
        Assert.True(check.IsClean, string.Join("; ", check.Problems));
        return [.. check.Blocks];
    }

    private static async Task FlipAsync(IBlockDevice[] devices, BlockAddress address, int blockSize, int bit)
    {
        var device = devices[address.Volume];
        var sector = address.Block * blockSize / device.SectorSize;
        using var block = new AlignedMemory(blockSize);
        Assert.True((await device.ReadAsync(sector, block.Memory)).IsOk);
        block.Span[bit / 8] ^= (byte)(1 << (bit % 8));
        Assert.True((await device.WriteAsync(sector, block.Memory)).IsOk);
    }

    private static bool IsClean(Exception error) =>
        error is VolumeSetException || error is FsException { Errno: Errno.EUCLEAN or Errno.EIO or Errno.EROFS };

    /// <summary>Mounts and works the image; returns a problem (a wrong exception, a hang, wrong data) and whether anything failed cleanly.</summary>
    private static async Task<(string? Problem, bool Failed)> ExerciseAsync(FsImage image)
    {
        FileSystem fs;
        try
        {
            fs = await FileSystem.MountAsync(image.Devices, s_mount).WaitAsync(s_timeout);
        }
        catch (TimeoutException) { return ("mount hung", false); }
        catch (Exception error) when (IsClean(error)) { return (null, true); }
        catch (Exception error) { return ($"mount threw {error.GetType().Name}: {error.Message}", false); }

        var failed = false;
        string? problem = null;
        async Task Step(string what, Func<Task> action)
        {
            if (problem is not null) return;
            try { await action().WaitAsync(s_timeout); }
            catch (TimeoutException) { problem = $"{what} hung"; }
            catch (Exception error) when (IsClean(error)) { failed = true; }
            catch (Exception error) { problem = $"{what} threw {error.GetType().Name} ({(error as FsException)?.Errno}): {error.Message}"; }
        }

        foreach (var (path, expected) in image.Files)
        {
            await Step($"reading {path}", async () =>
            {
                var found = await fs.ResolveAsync(path);
                var attrs = await fs.GetAttrAsync(found);
                if (attrs.Size != expected.Length) { problem = $"{path} has size {attrs.Size}, not {expected.Length}"; return; }
                var back = new byte[expected.Length];
                var read = await fs.ReadAsync(found, 0, back);
                if (read != expected.Length || !back.AsSpan().SequenceEqual(expected)) problem = $"{path} reads back wrong data without an error";
            });
        }
        foreach (var (path, xattr) in image.Xattrs)
        {
            await Step($"getxattr {path}", async () =>
            {
                var value = await fs.GetXattrAsync(await fs.ResolveAsync(path), FsImage.XattrName);
                if (!value.AsSpan().SequenceEqual(xattr)) problem = $"{path}'s xattr reads back wrong without an error";
            });
        }
        await Step("listing every directory", async () =>
        {
            foreach (var dir in image.Directories.Prepend("/"))
            {
                var ino = await fs.ResolveAsync(dir);
                long cookie = 0;
                for (var round = 0; round < 1000; round++)
                {
                    var batch = await fs.ReadDirAsync(ino, cookie, 64);
                    if (batch.Count == 0) break;
                    cookie = batch[^1].NextCookie;
                }
            }
        });
        await Step("changing things", async () =>
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, "after-corruption", 0x1A4, 0, 0);
            await fs.WriteAsync(file.Ino, 0, new byte[100_000]);
            await fs.UnlinkAsync(await fs.ResolveAsync(image.Directories[0]), "f0");
            await fs.SetXattrAsync(file.Ino, "user.after", new byte[] { 1 }, XattrFlags.None);
            await fs.SyncAsync();
        });
        await Step("unmount", async () => await fs.DisposeAsync());
        return (problem, failed);
    }
}
