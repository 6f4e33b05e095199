using Layered.Fuse.Tests.Native;
using static Layered.Fuse.Tests.Mounted.MountedNameTests;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>fallocate, copy_file_range and fsync through a real kernel mount, driven by util-linux and xfs_io.</summary>
[RequiresFuseMounts]
public abstract class MountedRangeTests(MountedTransport transport)
{
    [DeviceFact(Timeout = 60000)]
    public async Task FallocateAllocatesAndPunchesHoles()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["f"];
        Assert.Equal("", Run("fallocate", "-l", "1048576", path));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)1, 1 << 20).ToArray());
        Assert.Equal("", Run("fallocate", "-p", "-o", "65536", "-l", "131072", path));
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(1 << 20, bytes.Length);
        Assert.All(bytes[65536..196608], b => Assert.Equal(0, b));
        Assert.All(bytes[..65536], b => Assert.Equal(1, b));
        using var handle = File.OpenHandle(path);
        Assert.Equal(65536, TestInterop.Lseek(handle, 0, TestInterop.SEEK_HOLE));
        Assert.Equal(196608, TestInterop.Lseek(handle, 65536, TestInterop.SEEK_DATA));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task CopyFileRangeCopiesThroughTheFilesystem()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var data = new byte[3 << 20];
        new Random(7).NextBytes(data);
        await File.WriteAllBytesAsync(mounted["src"], data);
        await File.WriteAllBytesAsync(mounted["dst"], []);
        var output = Run("xfs_io", "-c", $"copy_range -s 4096 -d 0 -l {(2 << 20) + 100} {mounted["src"]}", "-c", "fsync", mounted["dst"]);
        Assert.Equal("", output);
        Assert.Equal(data[4096..(4096 + (2 << 20) + 100)], await File.ReadAllBytesAsync(mounted["dst"]));
    }
}
