using Layered.BlockStack;
using Layered.Fs;
using Layered.Fuse.Mounting;
using Layered.Fuse.Native;
using Layered.Fuse.Session;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>
/// A fresh filesystem mounted through the kernel in a temp directory. Disposing always detaches
/// the mount, even after a failure, and checks /proc/self/mountinfo that nothing is left.
/// </summary>
internal sealed class MountedFs : IAsyncDisposable
{
    private readonly FuseMountOptions _mountOptions;

    private MountedFs(string root, FileSystem fs, IBlockDevice[] devices, FuseMount mount, FuseMountOptions mountOptions)
    {
        _mountOptions = mountOptions;
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

    /// <summary>
    /// Mounts over <paramref name="transport"/>. Over io_uring the queues must really be serving
    /// (checked here, and again on dispose: some requests must have come through them), and they
    /// poll, so that path is covered too.
    /// </summary>
    public static async Task<MountedFs> StartAsync(MountedTransport transport, long bytes = 256L << 20, FsMountOptions? options = null, bool allowOther = false, FuseSessionOptions? session = null)
    {
        var root = Directory.CreateTempSubdirectory("layered-fuse-").FullName;
        var (fs, devices) = await TestFs.CreateAsync(bytes, options);
        var mountOptions = new FuseMountOptions
        {
            AllowOther = allowOther,
            Session = (session ?? new FuseSessionOptions()) with { IoUring = transport == MountedTransport.IoUring, IoUringPoll = TimeSpan.FromMicroseconds(50) },
        };
        try
        {
            var mount = await FuseMount.MountAsync(fs, root, mountOptions);
            var mounted = new MountedFs(root, fs, devices, mount, mountOptions);
            mounted.AssertTransport();
            return mounted;
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
        await UnmountPromptlyAsync();
        await Fs.DisposeAsync();
        Assert.False(MountTable.IsMounted(Root), $"{Root} is still mounted after unmount");
        Fs = await TestFs.MountAsync(Devices);
        Mount = await FuseMount.MountAsync(Fs, Root, _mountOptions);
        AssertTransport();
    }

    /// <summary>An unmount must end the session by itself, well before the mount would fall back to aborting the connection.</summary>
    private async Task UnmountPromptlyAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Mount.UnmountAsync();
        Assert.True(clock.Elapsed < _mountOptions.StopTimeout, $"unmounting took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private void AssertTransport()
    {
        if (!_mountOptions.Session.IoUring) Assert.Null(Mount.Session.Uring);
        else Assert.True(Mount.Session.Uring is not null, $"asked for io_uring but serving through {Mount.Session.Transport}");
    }

    public async ValueTask DisposeAsync()
    {
        var overIoUring = Mount.Session.RequestsOverIoUring;
        try
        {
            await UnmountPromptlyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // Belt and braces: whatever happened above, no test leaves a mount behind.
            if (MountTable.IsMounted(Root)) Interop.Umount2(Root, Interop.MNT_DETACH);
            await Fs.DisposeAsync();
        }
        Assert.False(MountTable.IsMounted(Root), $"{Root} is still mounted");
        Directory.Delete(Root);
        if (_mountOptions.Session.IoUring) Assert.True(overIoUring > 0, "no request came through the io_uring queues");
    }
}
