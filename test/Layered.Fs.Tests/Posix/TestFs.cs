using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Fs.Mkfs;

namespace Layered.Fs.Tests.Posix;

/// <summary>A filesystem over memory devices, formatted fresh, for operation tests.</summary>
internal static class TestFs
{
    public static MemoryDevice Device(string name, long bytes = 64 << 20, int sectorSize = 512) =>
        new(new DeviceGeometry(name, Guid.NewGuid(), sectorSize, bytes / sectorSize));

    public static async Task<(FileSystem Fs, IBlockDevice[] Devices)> CreateAsync(int volumes = 1, long bytes = 64 << 20, MkfsOptions? options = null, FsMountOptions? mount = null)
    {
        var devices = Enumerable.Range(0, volumes).Select(i => (IBlockDevice)Device($"vol{i}", bytes)).ToArray();
        await FsFormatter.FormatAsync(devices, options ?? new MkfsOptions());
        var fs = await FileSystem.MountAsync(devices, mount ?? new FsMountOptions { CommitIntervalMs = 0 });
        return (fs, devices);
    }
}
