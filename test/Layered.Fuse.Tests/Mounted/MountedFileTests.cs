using System.Security.Cryptography;
using Layered.Fuse.Tests.Native;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>Files through a real kernel mount, with ordinary .NET file APIs.</summary>
[RequiresFuseMounts]
public abstract class MountedFileTests(MountedTransport transport)
{
    [DeviceFact(Timeout = 60000)]
    public async Task CreateWriteReadStatAndUnlink()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["hello.txt"];
        await File.WriteAllTextAsync(path, "hello, kernel");
        Assert.Equal("hello, kernel", await File.ReadAllTextAsync(path));
        var info = new FileInfo(path);
        Assert.Equal(13, info.Length);
        Assert.True(File.GetLastWriteTimeUtc(path) > DateTime.UtcNow.AddMinutes(-5));
        File.Delete(path);
        Assert.False(File.Exists(path));
        Assert.Null(await mounted.Fs.LookupAsync(Layered.Fs.FileSystem.RootIno, "hello.txt"));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task TruncateShrinksAndGrowsWithZeros()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["t"];
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0xAB, 10000).ToArray());
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite)) stream.SetLength(100);
        Assert.Equal(100, new FileInfo(path).Length);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite)) stream.SetLength(5000);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.All(bytes[..100], b => Assert.Equal(0xAB, b));
        Assert.All(bytes[100..], b => Assert.Equal(0, b));
        // O_TRUNC on open goes through FUSE_ATOMIC_O_TRUNC.
        await File.WriteAllTextAsync(path, "x");
        Assert.Equal("x", await File.ReadAllTextAsync(path));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task ALargeFileWritesAndReadsBackIntact()
    {
        await using var mounted = await MountedFs.StartAsync(transport, bytes: 512L << 20);
        var path = mounted["big"];
        var data = new byte[64 << 20];
        new Random(42).NextBytes(data);
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            await stream.WriteAsync(data);
        Assert.Equal(data.Length, new FileInfo(path).Length);
        var back = await File.ReadAllBytesAsync(path);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(back));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task SparseFilesReportDataAndHolesThroughLseek()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["sparse"];
        const long dataAt = 8L << 20;
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.Position = dataAt;
            stream.Write(new byte[65536].Select(_ => (byte)7).ToArray());
            stream.SetLength(16L << 20);
        }
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        Assert.Equal(dataAt, TestInterop.Lseek(handle, 0, TestInterop.SEEK_DATA));
        Assert.Equal(0, TestInterop.Lseek(handle, 0, TestInterop.SEEK_HOLE));
        Assert.Equal(dataAt + 65536, TestInterop.Lseek(handle, dataAt, TestInterop.SEEK_HOLE));
        var buffer = new byte[4096];
        Assert.Equal(4096, RandomAccess.Read(handle, buffer, 4096));
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.True(new FileInfo(path).Length == 16L << 20);
    }

    [DeviceFact(Timeout = 60000)]
    public async Task AnUnlinkedFileLivesUntilItsLastClose()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["doomed"];
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.Write("still here"u8);
            stream.Flush();
            var ino = (await mounted.Fs.LookupAsync(Layered.Fs.FileSystem.RootIno, "doomed"))!.Value.Ino;
            File.Delete(path);
            Assert.False(File.Exists(path));
            stream.Position = 0;
            var buffer = new byte[10];
            stream.ReadExactly(buffer);
            Assert.Equal("still here"u8.ToArray(), buffer);
            Assert.Equal(0u, (await mounted.Fs.GetAttrAsync(ino)).Links);
        }
        Assert.Empty(Directory.GetFileSystemEntries(mounted.Root));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task ConcurrentReadersAndWritersOnSeveralFilesSeeTheirOwnBytes()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var tasks = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var path = mounted[$"c{i}"];
            var data = new byte[(1 << 20) + i * 4099];
            new Random(i).NextBytes(data);
            for (var round = 0; round < 3; round++)
            {
                await File.WriteAllBytesAsync(path, data);
                Assert.Equal(data, await File.ReadAllBytesAsync(path));
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(6, Directory.GetFiles(mounted.Root).Length);
    }
}
