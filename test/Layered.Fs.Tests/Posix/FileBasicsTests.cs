using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

public sealed class FileBasicsTests
{
    [Fact]
    public async Task WrittenDataReadsBackAfterRemount()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "a.txt", 0x1A4, 0, 0);
        var data = new byte[10_000];
        new Random(1).NextBytes(data);
        Assert.Equal(data.Length, await fs.WriteAsync(file.Ino, 123, data));
        await fs.DisposeAsync();

        var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var found = await again.LookupAsync(FileSystem.RootIno, "a.txt");
        Assert.NotNull(found);
        Assert.Equal(10_123, found.Value.Size);
        var back = new byte[20_000];
        Assert.Equal(10_123, await again.ReadAsync(found.Value.Ino, 0, back));
        Assert.True(back.AsSpan(0, 123).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(back.AsSpan(123, data.Length).SequenceEqual(data));
        await again.DisposeAsync();
    }

    [Fact]
    public async Task CreatingAnExistingNameFailsWithEexist()
    {
        var (fs, _) = await TestFs.CreateAsync();
        await fs.CreateAsync(FileSystem.RootIno, "x", 0x1A4, 0, 0);
        var error = await Assert.ThrowsAsync<FsException>(() => fs.CreateAsync(FileSystem.RootIno, "x", 0x1A4, 0, 0));
        Assert.Equal(Errno.EEXIST, error.Errno);
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task ManyFilesInOneDirectoryAreAllFoundAndListed()
    {
        var (fs, _) = await TestFs.CreateAsync();
        for (var i = 0; i < 3000; i++) await fs.CreateAsync(FileSystem.RootIno, $"file-{i}", 0x1A4, 0, 0);
        for (var i = 0; i < 3000; i += 7) Assert.NotNull(await fs.LookupAsync(FileSystem.RootIno, $"file-{i}"));
        var names = new HashSet<string>();
        long cookie = 0;
        while (true)
        {
            var batch = await fs.ReadDirAsync(FileSystem.RootIno, cookie, 100);
            if (batch.Count == 0) break;
            foreach (var entry in batch) Assert.True(names.Add(entry.Name), entry.Name);
            cookie = batch[^1].NextCookie;
        }
        Assert.Equal(3002, names.Count);
        await fs.DisposeAsync();
    }
}
