using System.Globalization;
using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Native;
using Layered.Fuse.Session;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Layered.Fuse.Mounting;

/// <summary>
/// A filesystem mounted through the kernel: /dev/fuse opened, mount(2) with our option string,
/// and a <see cref="FuseSession"/> serving it. If the process dies, closing /dev/fuse aborts the
/// connection and the kernel fails every request, so nothing hangs; the mount point itself stays
/// until someone unmounts it.
/// </summary>
public sealed class FuseMount : IAsyncDisposable
{
    private readonly SafeFileHandle _fd;
    private readonly FuseMountOptions _options;
    private int _unmounted;

    private FuseMount(SafeFileHandle fd, string mountPoint, FuseSession session, int connectionId, FuseMountOptions options)
    {
        _fd = fd;
        MountPoint = mountPoint;
        Session = session;
        ConnectionId = connectionId;
        _options = options;
    }

    public string MountPoint { get; }
    public FuseSession Session { get; }

    /// <summary>The kernel's id for this connection (the mount's device minor), as /sys/fs/fuse/connections names it.</summary>
    public int ConnectionId { get; }

    /// <summary>How long a mount waits for the kernel's INIT before it returns anyway.</summary>
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Mounts and returns once INIT has been answered (so <see cref="FuseSession.Transport"/> is
    /// settled), or after <see cref="InitTimeout"/> with a warning.
    /// </summary>
    public static async Task<FuseMount> MountAsync(FileSystem fs, string mountPoint, FuseMountOptions? options = null)
    {
        var mount = Mount(fs, mountPoint, options ?? new FuseMountOptions());
        if (await Task.WhenAny(mount.Session.Initialized, Task.Delay(InitTimeout)).ConfigureAwait(false) != mount.Session.Initialized)
            mount.Session.Logger?.LogWarning("the kernel sent no INIT to {MountPoint} within {Timeout}", mount.MountPoint, InitTimeout);
        return mount;
    }

    private static FuseMount Mount(FileSystem fs, string mountPoint, FuseMountOptions options)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        if (!Directory.Exists(target)) throw new DirectoryNotFoundException($"mount point {target} is not a directory");
        var fd = Interop.Open("/dev/fuse", Interop.O_RDWR | Interop.O_CLOEXEC, 0);
        if (fd.IsInvalid) throw new IOException($"opening /dev/fuse failed: {Errno.FromLastPInvokeError()}");
        try
        {
            var fdNumber = fd.DangerousGetHandle().ToInt32();
            var data = string.Create(CultureInfo.InvariantCulture, $"fd={fdNumber},rootmode=40000,user_id=0,group_id=0,default_permissions{(options.AllowOther ? ",allow_other" : "")}");
            if (Interop.Mount("layered", target, "fuse.layered", Interop.MS_NOSUID | Interop.MS_NODEV, data) != 0)
                throw new IOException($"mount of {target} failed: {Errno.FromLastPInvokeError()}");
            var connectionId = MountTable.Find(target)?.Minor ?? -1;
            // Workers start only once the mount exists: a worker blocked on a descriptor no mount uses would never wake.
            var session = new FuseSession(fs, new DeviceChannel(fd), options.Session);
            session.Start();
            return new FuseMount(fd, target, session, connectionId, options);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Detaches the mount (lazily, so a busy mount cannot block us), waits for the workers to see the
    /// connection end, aborts the connection if they do not, and releases opens the kernel never
    /// released. The caller disposes the filesystem afterwards.
    /// </summary>
    public async Task UnmountAsync()
    {
        if (Interlocked.Exchange(ref _unmounted, 1) != 0) return;
        var logger = Session.Logger;
        if (Interop.Umount2(MountPoint, Interop.MNT_DETACH) != 0)
        {
            var errno = Errno.FromLastPInvokeError();
            // EINVAL: no longer a mount point (someone unmounted it already); the workers stop all the same.
            if (errno != Errno.EINVAL) logger?.LogWarning("umount2 of {MountPoint} failed: {Errno}", MountPoint, errno);
        }
        if (!await Session.StopAsync(_options.StopTimeout).ConfigureAwait(false))
        {
            logger?.LogWarning("FUSE connection {Id} still served after unmount; aborting it", ConnectionId);
            var whyNot = "its connection id is unknown";
            if (ConnectionId < 0 || !FuseConnectionControl.TryAbort(ConnectionId, out whyNot))
                logger?.LogError("aborting FUSE connection {Id} failed: {Why}", ConnectionId, whyNot);
            if (!await Session.StopAsync(_options.StopTimeout).ConfigureAwait(false))
                throw new TimeoutException($"the FUSE workers for {MountPoint} did not stop after unmount and abort");
        }
        _fd.Dispose();
    }

    /// <summary>
    /// umount2 on a mount point that some other process serves (<c>layered umount</c>), or that a
    /// killed one left behind. The serving process's reads then end with ENODEV. Lazy detaches
    /// even a busy mount; its connection lives until the last open file on it closes.
    /// </summary>
    public static Errno Unmount(string mountPoint, bool lazy)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        return Interop.Umount2(target, lazy ? Interop.MNT_DETACH : 0) == 0 ? Errno.Success : Errno.FromLastPInvokeError();
    }

    public async ValueTask DisposeAsync() => await UnmountAsync().ConfigureAwait(false);
}
