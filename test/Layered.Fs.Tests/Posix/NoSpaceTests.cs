using Layered.BlockStack.Uring;
using Layered.Fs.Mkfs;
using Layered.Fs.Tests.Crash;

namespace Layered.Fs.Tests.Posix;

public sealed class NoSpaceTests
{
    private static readonly FsMountOptions s_mount = new() { CommitIntervalMs = 0 };

    /// <summary>Fills a 16 MiB filesystem with data: the write that does not fit fails with ENOSPC, and the filesystem goes on working.</summary>
    [Fact(Timeout = 60_000)]
    public async Task AFullFilesystemFailsDataWritesWithEnospcAndRecoversAfterDeletes()
    {
        var (fs, devices) = await TestFs.CreateAsync(bytes: 16 << 20, options: new MkfsOptions { JournalBytes = 256 << 10 });
        var chunk = Enumerable.Range(0, 256 << 10).Select(i => (byte)(i % 253)).ToArray();
        var files = new List<(string Name, ulong Ino)>();
        FsException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, $"fill{i}", 0x1A4, 0, 0);
            files.Add(($"fill{i}", file.Ino));
            try { await fs.WriteAsync(file.Ino, 0, chunk); }
            catch (FsException error) { full = error; }
        }
        Assert.NotNull(full);
        Assert.Equal(Errno.ENOSPC, full.Errno);
        var fallocate = await Assert.ThrowsAsync<FsNoSpaceException>(() => fs.FallocateAsync(files[0].Ino, Fs.Posix.FallocateMode.Default, 64L << 20, 4L << 20));
        Assert.Equal(Errno.ENOSPC, fallocate.Errno);

        // Still writable: reads work, deletes work, and space comes back.
        var back = new byte[chunk.Length];
        Assert.Equal(chunk.Length, await fs.ReadAsync(files[0].Ino, 0, back));
        Assert.Equal(chunk, back);
        foreach (var (name, _) in files.Skip(1).Take(files.Count / 2)) await fs.UnlinkAsync(FileSystem.RootIno, name);
        var again = await fs.CreateAsync(FileSystem.RootIno, "after", 0x1A4, 0, 0);
        Assert.Equal(chunk.Length, await fs.WriteAsync(again.Ino, 0, chunk));
        await fs.DisposeAsync();

        await FsckAssert.CleanAsync(devices, nameof(AFullFilesystemFailsDataWritesWithEnospcAndRecoversAfterDeletes));
        await using var remounted = await FileSystem.MountAsync(devices, s_mount);
        var found = await remounted.LookupAsync(FileSystem.RootIno, "after");
        Assert.NotNull(found);
        Assert.Equal(chunk.Length, await remounted.ReadAsync(found.Value.Ino, 0, back));
        Assert.Equal(chunk, back);
    }

    /// <summary>
    /// Fills the space with data, then makes names and xattrs until metadata runs out: that
    /// fails with ENOSPC and leaves the filesystem writable (not turned read-only), and after
    /// deletes it mounts and checks clean.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task RunningOutOfSpaceForMetadataFailsWithEnospcAndLeavesTheFilesystemWritable()
    {
        var (fs, devices) = await TestFs.CreateAsync(bytes: 16 << 20, options: new MkfsOptions { JournalBytes = 256 << 10 });
        var filler = await fs.CreateAsync(FileSystem.RootIno, "filler", 0x1A4, 0, 0);
        try
        {
            for (var i = 0; i < 64; i++) await fs.WriteAsync(filler.Ino, i * (256L << 10), new byte[256 << 10]);
        }
        catch (FsNoSpaceException) { }
        FsException? full = null;
        var made = 0;
        var xattr = new byte[200];
        for (; made < 200_000 && full is null; made++)
        {
            try
            {
                var file = await fs.CreateAsync(FileSystem.RootIno, $"name-{made:D7}-padding-to-make-directory-items-bigger", 0x1A4, 0, 0);
                await fs.SetXattrAsync(file.Ino, "user.pad", xattr);
            }
            catch (FsException error) { full = error; }
        }
        Assert.NotNull(full);
        Assert.True(full.Errno == Errno.ENOSPC, $"after {made} names the filesystem failed with {full.Errno}: {full.Message}");

        await fs.UnlinkAsync(FileSystem.RootIno, "filler");
        for (var i = 0; i < made / 2; i++) await fs.UnlinkAsync(FileSystem.RootIno, $"name-{i:D7}-padding-to-make-directory-items-bigger");
        await fs.CreateAsync(FileSystem.RootIno, "still-writable", 0x1A4, 0, 0);
        await fs.DisposeAsync();
        await FsckAssert.CleanAsync(devices, nameof(RunningOutOfSpaceForMetadataFailsWithEnospcAndLeavesTheFilesystemWritable));
        await using var remounted = await FileSystem.MountAsync(devices, s_mount);
        Assert.NotNull(await remounted.LookupAsync(FileSystem.RootIno, "still-writable"));
    }
}
