using Layered.Cli.Lifetime;
using Layered.Cli.Output;
using Layered.Fs;
using Layered.Fuse.Mounting;
using Layered.Fuse.Session;

namespace Layered.Cli.Serving;

/// <summary>
/// Puts a mounted filesystem in front of the kernel and serves it in the foreground: until the
/// command is cancelled (SIGINT, SIGTERM, SIGHUP) or the mount goes away under it (`layered
/// umount`, whose umount2 ends our reads with ENODEV). Either way it detaches the mount and stops
/// the workers before returning, so the caller can unmount the filesystem cleanly.
/// </summary>
internal static class FuseServer
{
    public enum StopReason
    {
        Signal,
        Unmounted,
    }

    public static readonly TimeSpan CacheTimeout = TimeSpan.FromSeconds(30);

    public static FuseMountOptions Options(bool allowOther, bool ioUring, TimeSpan poll) => new()
    {
        AllowOther = allowOther,
        // Names and attributes change only through this mount (a filesystem is mounted once: the
        // pool's lock, the CLI's one mount per device list), and what a direct I/O session writes
        // behind it is followed by FUSE_NOTIFY_INVAL_INODE (FuseSessionOptions.
        // InvalidateAfterDirectWrites). So the kernel may cache them as a kernel filesystem
        // would, instead of asking us again every second.
        Session = new FuseSessionOptions { Logger = new StderrLogger("fuse"), EntryTimeout = CacheTimeout, AttrTimeout = CacheTimeout, NegativeTimeout = CacheTimeout, IoUring = ioUring, IoUringPoll = poll },
    };

    /// <param name="onMounted">Called once the mount exists, before serving begins (a status screen).</param>
    public static async Task<StopReason> ServeAsync(FileSystem fs, string mountPoint, FuseMountOptions options, Func<FuseMount, Task> onMounted, CancellationToken ct)
    {
        // Held from before the mount exists: Program waits for it, so an early return from the
        // command line's own signal handling cannot end the process with the mount still up.
        using var hold = PendingCleanup.Hold();
        var mount = await FuseMount.MountAsync(fs, mountPoint, options);
        try
        {
            await onMounted(mount);
            var cancelled = Task.Delay(Timeout.Infinite, ct);
            var first = await Task.WhenAny(mount.Session.Completion, cancelled);
            return first == cancelled ? StopReason.Signal : StopReason.Unmounted;
        }
        finally
        {
            await mount.UnmountAsync();
        }
    }

    public static string Describe(StopReason reason, string mountPoint) => reason switch
    {
        StopReason.Signal => $"stopping: unmounted {mountPoint}",
        _ => $"{mountPoint} was unmounted; stopping",
    };
}
