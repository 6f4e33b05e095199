using System.Runtime.InteropServices;
using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Protocol;
using static Layered.Fuse.Tests.FakeKernel.FakeKernel;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>File and directory requests as the kernel sends them, checked byte for byte in the replies.</summary>
public sealed class FileRequestTests
{
    [Fact(Timeout = 60000)]
    public async Task CreateWriteReadAndReleaseAnUnlinkedFile()
    {
        await using var kernel = await StartAsync();
        var created = kernel.Call(FuseOpcode.FUSE_CREATE, FileSystem.RootIno, [.. Bytes(new FuseCreateIn { Mode = 0x81A4, Flags = 2 }), .. Name("f")]);
        Assert.Equal(Errno.Success, created.Error);
        var entry = created.As<FuseEntryOut>();
        var fh = MemoryMarshal.Read<FuseOpenOut>(created.Payload.AsSpan(128)).Fh;
        Assert.Equal(0x81A4u, entry.Attr.Mode);

        var data = Encoding.ASCII.GetBytes("hello through fuse");
        var written = kernel.Call(FuseOpcode.FUSE_WRITE, entry.NodeId, [.. Bytes(new FuseWriteIn { Fh = fh, Offset = 5, Size = (uint)data.Length }), .. data]);
        Assert.Equal((uint)data.Length, written.As<FuseWriteOut>().Size);

        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_UNLINK, FileSystem.RootIno, Name("f")).Error);
        var read = kernel.Call(FuseOpcode.FUSE_READ, entry.NodeId, Bytes(new FuseReadIn { Fh = fh, Offset = 0, Size = 4096 }));
        Assert.Equal([.. new byte[5], .. data], read.Payload);

        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_RELEASE, entry.NodeId, Bytes(new FuseReleaseIn { Fh = fh })).Error);
        Assert.Equal(Errno.EBADF, kernel.Call(FuseOpcode.FUSE_RELEASE, entry.NodeId, Bytes(new FuseReleaseIn { Fh = fh })).Error);
        await Assert.ThrowsAsync<FsException>(() => kernel.Fs.GetAttrAsync(entry.NodeId));
    }

    [Fact(Timeout = 60000)]
    public async Task ReaddirResumesFromTheLastCookieWhenTheBufferFills()
    {
        await using var kernel = await StartAsync();
        var names = Enumerable.Range(0, 50).Select(i => $"file-{i:D3}").ToList();
        foreach (var name in names)
            Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_MKNOD, FileSystem.RootIno, [.. Bytes(new FuseMknodIn { Mode = 0x81A4 }), .. Name(name)]).Error);
        var seen = new List<string>();
        var cookie = 0UL;
        for (var calls = 0; calls < 100; calls++)
        {
            var reply = kernel.Call(FuseOpcode.FUSE_READDIR, FileSystem.RootIno, Bytes(new FuseReadIn { Offset = cookie, Size = 200 }));
            Assert.Equal(Errno.Success, reply.Error);
            if (reply.Payload.Length == 0) break;
            Assert.True(reply.Payload.Length <= 200);
            for (var at = 0; at < reply.Payload.Length;)
            {
                var dirent = MemoryMarshal.Read<FuseDirent>(reply.Payload.AsSpan(at));
                seen.Add(Encoding.UTF8.GetString(reply.Payload, at + FuseDirent.HeaderSize, (int)dirent.NameLen));
                cookie = dirent.Off;
                at += FuseDirent.RecordSize((int)dirent.NameLen);
            }
        }
        // Slot order is the filesystem's, not creation order; each name must come exactly once.
        Assert.Equal(["." , "..", .. names.Order(StringComparer.Ordinal)], [.. seen.Take(2), .. seen.Skip(2).Order(StringComparer.Ordinal)]);
    }

    [Fact(Timeout = 60000)]
    public async Task XattrSizeQueriesAndTooSmallBuffers()
    {
        await using var kernel = await StartAsync();
        var value = "0123456789"u8.ToArray();
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_SETXATTR, FileSystem.RootIno, [.. Bytes(new FuseSetxattrIn { Size = 10 }), .. Name("user.k"), .. value]).Error);
        Assert.Equal(10u, kernel.Call(FuseOpcode.FUSE_GETXATTR, FileSystem.RootIno, [.. Bytes(new FuseGetxattrIn { Size = 0 }), .. Name("user.k")]).As<FuseGetxattrOut>().Size);
        Assert.Equal(Errno.ERANGE, kernel.Call(FuseOpcode.FUSE_GETXATTR, FileSystem.RootIno, [.. Bytes(new FuseGetxattrIn { Size = 4 }), .. Name("user.k")]).Error);
        Assert.Equal(value, kernel.Call(FuseOpcode.FUSE_GETXATTR, FileSystem.RootIno, [.. Bytes(new FuseGetxattrIn { Size = 64 }), .. Name("user.k")]).Payload);
        Assert.Equal("user.k\0"u8.ToArray(), kernel.Call(FuseOpcode.FUSE_LISTXATTR, FileSystem.RootIno, Bytes(new FuseGetxattrIn { Size = 64 })).Payload);
        Assert.Equal(7u, kernel.Call(FuseOpcode.FUSE_LISTXATTR, FileSystem.RootIno, Bytes(new FuseGetxattrIn { Size = 0 })).As<FuseGetxattrOut>().Size);
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_REMOVEXATTR, FileSystem.RootIno, Name("user.k")).Error);
        Assert.Equal(Errno.ENODATA, kernel.Call(FuseOpcode.FUSE_GETXATTR, FileSystem.RootIno, [.. Bytes(new FuseGetxattrIn { Size = 64 }), .. Name("user.k")]).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task Rename2RefusesWhiteoutAndHonoursNoreplace()
    {
        await using var kernel = await StartAsync();
        foreach (var name in new[] { "a", "b" })
            Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_MKNOD, FileSystem.RootIno, [.. Bytes(new FuseMknodIn { Mode = 0x81A4 }), .. Name(name)]).Error);
        byte[] Rename(uint flags) => [.. Bytes(new FuseRename2In { NewDir = FileSystem.RootIno, Flags = flags }), .. Name("a"), .. Name("b")];
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_RENAME2, FileSystem.RootIno, Rename(4)).Error);
        Assert.Equal(Errno.EEXIST, kernel.Call(FuseOpcode.FUSE_RENAME2, FileSystem.RootIno, Rename(1)).Error);
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_RENAME2, FileSystem.RootIno, Rename(2)).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task CopyFileRangeCopiesBetweenInodesAndStopsAtEndOfFile()
    {
        await using var kernel = await StartAsync();
        var source = await kernel.Fs.CreateAsync(FileSystem.RootIno, "src", 0x1A4, 0, 0);
        var target = await kernel.Fs.CreateAsync(FileSystem.RootIno, "dst", 0x1A4, 0, 0);
        var data = new byte[(3 << 20) + 5];
        new Random(3).NextBytes(data);
        await kernel.Fs.WriteAsync(source.Ino, 0, data);
        var reply = kernel.Call(FuseOpcode.FUSE_COPY_FILE_RANGE, source.Ino, Bytes(new FuseCopyFileRangeIn { OffIn = 10, NodeIdOut = target.Ino, OffOut = 0, Len = 8 << 20 }));
        Assert.Equal((uint)data.Length - 10, reply.As<FuseWriteOut>().Size);
        var back = new byte[data.Length - 10];
        Assert.Equal(back.Length, await kernel.Fs.ReadAsync(target.Ino, 0, back));
        Assert.Equal(data[10..], back);
    }
}
