using Layered.BlockStack.Uring;
using Layered.Fuse.Mounting;

namespace Layered.Cli.Serving;

/// <summary>
/// Readies a mount point: creates the folder, detaches a Layered mount that a killed process left
/// behind (its connection is gone, so every access fails), and refuses anything still alive.
/// </summary>
internal static class MountPointGuard
{
    public const string FileSystemType = "fuse.layered";

    /// <summary>How long a mount point may take to answer a stat before it counts as hung.</summary>
    private static readonly TimeSpan s_probeLimit = TimeSpan.FromSeconds(3);

    public static async Task<string> PrepareAsync(string mountPoint, Action<string> progress)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        if (MountTable.Find(target) is { } entry)
        {
            if (entry.FileSystemType != FileSystemType)
                throw new InvalidOperationException($"{target} is already a mount point ({entry.FileSystemType}); choose another mount point");
            if (await AnswersAsync(target))
                throw new InvalidOperationException($"{target} is already served by a running layered process; stop it with `layered umount {target}` first");
            // Dead: the process that served it died (SIGKILL, crash), and every access fails with ENOTCONN.
            var errno = FuseMount.Unmount(target, lazy: true);
            if (errno != Errno.Success) throw new IOException($"detaching the stale mount on {target} failed: {errno}");
            progress($"detached a stale Layered mount on {target} (its serving process had died)");
        }
        Directory.CreateDirectory(target);
        return target;
    }

    /// <summary>True when the mount point's root can be listed: a live server answers at once.</summary>
    private static async Task<bool> AnswersAsync(string target)
    {
        var probe = Task.Run(() =>
        {
            try
            {
                _ = Directory.GetFileSystemEntries(target).Length;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        });
        // A server that is alive but stuck would hang the probe; that is not ours to detach either.
        return await Task.WhenAny(probe, Task.Delay(s_probeLimit)) != probe || await probe;
    }
}
