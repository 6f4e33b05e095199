using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Fs;
using Layered.Fs.Mkfs;

namespace Layered.Fuse.Tests;

/// <summary>A filesystem over memory devices, formatted fresh.</summary>
internal static class TestFs
{
    public static async Task<(FileSystem Fs, IBlockDevice[] Devices)> CreateAsync(long bytes = 256L << 20, FsMountOptions? options = null)
    {
        IBlockDevice[] devices = [new MemoryDevice(new DeviceGeometry("vol0", Guid.NewGuid(), 512, bytes / 512))];
        await FsFormatter.FormatAsync(devices, new MkfsOptions());
        return (await MountAsync(devices, options), devices);
    }

    public static Task<FileSystem> MountAsync(IBlockDevice[] devices, FsMountOptions? options = null) =>
        FileSystem.MountAsync(devices, options ?? new FsMountOptions { CommitIntervalMs = 0 });
}
