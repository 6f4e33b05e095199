using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fuse.Tests.Native;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>Modes, xattrs and statfs through a real kernel mount.</summary>
[RequiresFuseMounts]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public abstract class MountedAttributeTests(MountedTransport transport)
{
    [DeviceFact(Timeout = 60000)]
    public async Task ChmodAndTimesReachTheFilesystem()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["m"];
        await File.WriteAllTextAsync(path, "m");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, when);
        var attributes = (await mounted.Fs.LookupAsync(Layered.Fs.FileSystem.RootIno, "m"))!.Value;
        Assert.Equal(0x8000u | 0x140u, attributes.Mode);
        Assert.Equal(when, DateTime.UnixEpoch.AddTicks(attributes.ModifyNs / 100));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task XattrsSetGetListAndSizeQueries()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["x"];
        await File.WriteAllTextAsync(path, "x");
        var value = Encoding.UTF8.GetBytes("a value");
        Assert.Equal(0, TestInterop.SetXattr(path, "user.colour", value, (nuint)value.Length, 0));
        Assert.Equal(value.Length, (int)TestInterop.GetXattr(path, "user.colour", null, 0));
        var buffer = new byte[64];
        Assert.Equal(value.Length, (int)TestInterop.GetXattr(path, "user.colour", buffer, (nuint)buffer.Length));
        Assert.Equal(value, buffer[..value.Length]);
        Assert.Equal(-1, (int)TestInterop.GetXattr(path, "user.colour", buffer, 2));
        Assert.Equal(Errno.ERANGE, Errno.FromLastPInvokeError());
        Assert.Equal(-1, (int)TestInterop.GetXattr(path, "user.absent", buffer, (nuint)buffer.Length));
        Assert.Equal(Errno.ENODATA, Errno.FromLastPInvokeError());
        // XATTR_CREATE on an existing name.
        Assert.Equal(-1, TestInterop.SetXattr(path, "user.colour", value, (nuint)value.Length, 1));
        Assert.Equal(Errno.EEXIST, Errno.FromLastPInvokeError());
        var list = new byte[256];
        var listed = (int)TestInterop.ListXattr(path, list, (nuint)list.Length);
        Assert.Equal("user.colour\0", Encoding.UTF8.GetString(list, 0, listed));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task StatvfsReportsTheFilesystemsNumbers()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var stats = await mounted.Fs.StatFsAsync();
        Assert.Equal(0, TestInterop.Statvfs(mounted.Root, out var vfs));
        Assert.Equal((ulong)stats.BlockSize, vfs.Bsize);
        Assert.Equal((ulong)stats.BlockSize, vfs.Frsize);
        Assert.Equal((ulong)stats.TotalBlocks, vfs.Blocks);
        Assert.Equal((ulong)stats.NameMax, vfs.Namemax);
        Assert.InRange(vfs.Bfree, (ulong)stats.FreeBlocks - 64, (ulong)stats.FreeBlocks + 64);
        await File.WriteAllBytesAsync(mounted["fill"], new byte[8 << 20]);
        Assert.Equal(0, TestInterop.Statvfs(mounted.Root, out var after));
        Assert.True(after.Bfree < vfs.Bfree, $"free blocks {after.Bfree} did not drop below {vfs.Bfree} after writing 8 MiB");
    }
}
