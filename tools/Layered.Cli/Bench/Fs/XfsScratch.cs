using Layered.BlockStack.Files;
using Layered.Cli.Lifetime;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// Kernel XFS on a fresh loop device (direct I/O, like ours), mounted in a temporary folder and
/// torn down on dispose. Mount folders are named by the owning process, so a mount left by a
/// killed run is unmounted by the next one, before its loop device is reaped.
/// </summary>
internal sealed class XfsScratch : IDisposable
{
    public static readonly OwnedMountFolder MountFolder = new(Path.Combine(Path.GetTempPath(), "layered-xfs-bench"));

    private readonly LoopDevice _loop;
    private readonly IDisposable _hold;
    private bool _mounted;

    private XfsScratch(LoopDevice loop, string mountPoint, IDisposable hold)
    {
        _loop = loop;
        MountPoint = mountPoint;
        _hold = hold;
    }

    public string MountPoint { get; }

    public string DevicePath => _loop.DevicePath;

    /// <summary>Why XFS cannot be compared here, or null when it can.</summary>
    public static string? Unavailable() =>
        LoopDevice.Unavailable()
        ?? (ExternalTool.Find("mkfs.xfs") is null ? "mkfs.xfs is not installed (apt-get install xfsprogs)" : null)
        ?? (ExternalTool.Find("mount") is null || ExternalTool.Find("umount") is null ? "mount/umount are not installed" : null);

    public static XfsScratch Create(long sizeBytes, Action<string> progress)
    {
        MountFolder.ReapStale(Unmount);
        var hold = PendingCleanup.Hold();
        LoopDevice? loop = null;
        XfsScratch? scratch = null;
        try
        {
            loop = LoopDevice.Attach(sizeBytes);
            var mountPoint = MountFolder.CreateMountPoint();
            scratch = new XfsScratch(loop, mountPoint, hold);
            ExternalTool.Run("mkfs.xfs", ["-f", "-q", loop.DevicePath]);
            ExternalTool.Run("mount", ["-t", "xfs", loop.DevicePath, mountPoint]);
            scratch._mounted = true;
            progress($"xfs: {loop} mounted on {mountPoint}");
            return scratch;
        }
        catch
        {
            if (scratch is not null) scratch.Dispose();
            else
            {
                loop?.Dispose();
                hold.Dispose();
            }
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (_mounted) Unmount(MountPoint);
            _mounted = false;
            if (Directory.Exists(MountPoint)) Directory.Delete(MountPoint);
        }
        finally
        {
            try { _loop.Dispose(); }
            finally { _hold.Dispose(); }
        }
    }

    /// <summary>Retries a busy unmount a few times (a file closing late), then gives up loudly.</summary>
    private static void Unmount(string mountPoint)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                ExternalTool.Run("umount", [mountPoint]);
                return;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                Thread.Sleep(200 * attempt);
            }
        }
    }
}
