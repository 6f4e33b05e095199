using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack.Uring;
using Layered.Cli.Commands.Fs;
using Layered.Cli.Serving;
using Layered.Fuse.Mounting;

namespace Layered.Cli.Commands.Fuse;

/// <summary>
/// <c>layered umount MOUNTPOINT</c>: unmounts a Layered FUSE mount. The process serving it sees
/// its connection end, unmounts its filesystem cleanly and exits.
/// </summary>
internal static class UmountCommand
{
    public static Command Create()
    {
        var mountPoint = new Argument<string>("mountpoint") { Description = "where a Layered filesystem is mounted" };
        var lazy = new Option<bool>("--lazy") { Description = "detach even while files are open on it (the server stops when the last one closes)" };
        var json = FsCli.Json();
        var command = new Command("umount", "Unmount a Layered FUSE mount; the serving process then exits cleanly") { mountPoint, lazy, json };
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, (context, ct) =>
        {
            var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetValue(mountPoint)!));
            var entry = MountTable.Find(target) ?? throw new InvalidOperationException($"{target} is not a mount point");
            if (entry.FileSystemType != MountPointGuard.FileSystemType)
                throw new InvalidOperationException($"{target} is a {entry.FileSystemType} mount, not a Layered one; use umount(8)");
            var errno = FuseMount.Unmount(target, parse.GetValue(lazy));
            if (errno == Errno.EBUSY)
                throw new IOException($"{target} is busy (a process has a file open or its working directory there); close it, or use --lazy");
            if (errno != Errno.Success) throw new IOException($"unmounting {target} failed: {errno}");
            context.Reporter.Report(new JsonObject { ["mount_point"] = target, ["unmounted"] = true }, _ => Console.WriteLine($"unmounted {target}"));
            return Task.FromResult(0);
        }));
        return command;
    }
}
