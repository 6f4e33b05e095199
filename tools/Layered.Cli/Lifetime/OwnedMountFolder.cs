using Layered.Fuse.Mounting;

namespace Layered.Cli.Lifetime;

/// <summary>
/// A folder of scratch mount points, each named by the process that owns it
/// (<c>pid-guid</c>), so the next run can detach what a killed run left mounted there and
/// remove its empty folders.
/// </summary>
internal sealed class OwnedMountFolder(string path)
{
    public string Path => path;

    /// <summary>Creates a new, empty mount point owned by this process.</summary>
    public string CreateMountPoint()
    {
        var mountPoint = System.IO.Path.Combine(path, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mountPoint);
        return mountPoint;
    }

    /// <summary>
    /// Detaches, with <paramref name="unmount"/>, every mount under the folder whose owner is dead,
    /// then removes the folders of dead owners that are neither mounted nor holding anything.
    /// </summary>
    public void ReapStale(Action<string> unmount)
    {
        if (!Directory.Exists(path)) return;
        foreach (var entry in MountTable.Read().Where(e => e.MountPoint.StartsWith(path + "/", StringComparison.Ordinal)))
            if (!IsOwnedByLiveProcess(entry.MountPoint)) unmount(entry.MountPoint);
        foreach (var folder in Directory.EnumerateDirectories(path))
            if (!IsOwnedByLiveProcess(folder) && !MountTable.IsMounted(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                try
                {
                    Directory.Delete(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run reaping at the same time removed it, or something appeared in it.
                }
            }
    }

    /// <summary>True unless the name carries the pid of a process that has exited: a name that is not ours is left alone.</summary>
    private static bool IsOwnedByLiveProcess(string mountPoint)
    {
        var owner = System.IO.Path.GetFileName(mountPoint).Split('-')[0];
        return !int.TryParse(owner, out var pid) || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");
    }
}
