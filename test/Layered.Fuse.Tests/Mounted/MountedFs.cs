using Layered.BlockStack;
using Layered.Fs;
using Layered.Fuse.Mounting;
using Layered.Fuse.Native;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>
/// A fresh filesystem mounted through the kernel in a temp directory. Disposing always detaches
/// the mount, even after a failure, and checks /proc/self/mountinfo that nothing is left.
/// </summary>
internal sealed class MountedFs : IAsyncDisposable
{
    private MountedFs(string root, FileSystem fs, IBlockDevice[] devices, FuseMount mount)
    {
        Root = root;
        Fs = fs;
        Devices = devices;
        Mount = mount;
    }

    public string Root { get; }
    public FileSystem Fs { get; private set; }
    public IBlockDevice[] Devices { get; }
    public FuseMount Mount { get; private set; }

    public string this[string relative] => Path.Combine(Root, relative);

    public static async Task<MountedFs> StartAsync(long bytes = 256L << 20, FsMountOptions? options = null)
    {
        var root = Directory.CreateTempSubdirectory("layered-fuse-").FullName;
        var (fs, devices) = await TestFs.CreateAsync(bytes, options);
        try
        {
            return new MountedFs(root, fs, devices, await FuseMount.MountAsync(fs, root));
        }
        catch
        {
            await fs.DisposeAsync();
            Directory.Delete(root);
            throw;
        }
    }

    /// <summary>Unmounts the kernel mount and the filesystem, then mounts both again over the same devices.</summary>
    public async Task RemountAsync()
    {
        await Mount.UnmountAsync();
        await Fs.DisposeAsync();
        Assert.False(MountTable.IsMounted(Root), $"{Root} is still mounted after unmount");
        Fs = await TestFs.MountAsync(Devices);
        Mount = await FuseMount.MountAsync(Fs, Root);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // Belt and braces: whatever happened above, no test leaves a mount behind.
            if (MountTable.IsMounted(Root)) Interop.Umount2(Root, Interop.MNT_DETACH);
            await Fs.DisposeAsync();
        }
        Assert.False(MountTable.IsMounted(Root), $"{Root} is still mounted");
        Directory.Delete(Root);
    }
}
