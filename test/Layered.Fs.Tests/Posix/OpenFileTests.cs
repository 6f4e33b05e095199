using Layered.BlockStack.Uring;

namespace Layered.Fs.Tests.Posix;

public sealed class OpenFileTests
{
    [Fact(Timeout = 30_000)]
    public async Task AnUnlinkedFileStaysReadableAndWritableUntilItsLastRelease()
    {
        var (fs, _) = await TestFs.CreateAsync();
        await fs.SyncAsync();
        var freeBefore = (await fs.StatFsAsync()).FreeBlocks;
        var file = await fs.CreateAsync(FileSystem.RootIno, "doomed", 0x1A4, 0, 0);
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();
        await fs.WriteAsync(file.Ino, 0, data);
        await fs.OpenAsync(file.Ino);
        await fs.OpenAsync(file.Ino);
        await fs.UnlinkAsync(FileSystem.RootIno, "doomed");

        Assert.Null(await fs.LookupAsync(FileSystem.RootIno, "doomed"));
        Assert.Equal(0u, (await fs.GetAttrAsync(file.Ino)).Links);
        await fs.WriteAsync(file.Ino, 200_000, new byte[] { 7 });
        var back = new byte[200_001];
        Assert.Equal(200_001, await fs.ReadAsync(file.Ino, 0, back));
        Assert.Equal(data, back[..200_000]);
        Assert.Equal(7, back[200_000]);

        await fs.ReleaseAsync(file.Ino);
        Assert.Equal(200_001, await fs.ReadAsync(file.Ino, 0, back));
        await fs.ReleaseAsync(file.Ino);
        var gone = await Assert.ThrowsAsync<FsException>(() => fs.GetAttrAsync(file.Ino));
        Assert.Equal(Errno.ENOENT, gone.Errno);
        await fs.SyncAsync();
        Assert.Equal(freeBefore, (await fs.StatFsAsync()).FreeBlocks);
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task AnUnlinkedOpenFileIsFreedByTheNextMountAfterAnUnmount()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "orphan", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[1 << 20]);
        await fs.OpenAsync(file.Ino);
        await fs.UnlinkAsync(FileSystem.RootIno, "orphan");
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var gone = await Assert.ThrowsAsync<FsException>(() => again.GetAttrAsync(file.Ino));
        Assert.Equal(Errno.ENOENT, gone.Errno);
        var stats = await again.StatFsAsync();
        Assert.Equal(1, stats.Files);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReleasingAFileThatIsNotOpenFailsWithEbadf()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        var error = await Assert.ThrowsAsync<FsException>(() => fs.ReleaseAsync(file.Ino));
        Assert.Equal(Errno.EBADF, error.Errno);
        await fs.DisposeAsync();
    }
}
