using System.CommandLine;
using System.Diagnostics;
using Layered.BlockStack.Composition;
using Layered.Cli.Copy;
using Layered.Cli.Output;

namespace Layered.Cli.Commands.Fs;

/// <summary>
/// <c>layered cp</c>: copies files and trees into, out of, or within unmounted filesystems.
/// Either side is DEVICES:/path (devices comma-separated) or a host path.
/// </summary>
internal static class CpCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "DEVICES:/path in a filesystem, or a host path" };
        var target = new Argument<string>("target") { Description = "DEVICES:/path in a filesystem, or a host path" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "copy directories and everything under them (regular files, directories, symlinks)" };
        var json = FsCli.Json();
        var command = new Command("cp", "Copy files in and out of an unmounted filesystem") { source, target, recursive, json };
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var from = FsLocation.Parse(parse.GetValue(source)!);
            var to = FsLocation.Parse(parse.GetValue(target)!);
            if (!from.IsFileSystem && !to.IsFileSystem) throw new FormatException("neither side is in a filesystem (write DEVICES:/path); use cp(1) between host paths");
            var fromTree = await OpenAsync(context, from, readOnly: !to.IsFileSystem, ct);
            var toTree = await OpenAsync(context, to, readOnly: false, ct);
            // Two spellings of one device list share one mount; the copier must see one tree too,
            // or it could not tell a directory being copied into itself.
            if (fromTree is FsTree f && toTree is FsTree t && ReferenceEquals(f.FileSystem, t.FileSystem)) toTree = fromTree;
            var copier = new TreeCopier(fromTree, toTree, parse.GetValue(recursive), Reporter.Status);
            var clock = Stopwatch.StartNew();
            await copier.CopyAsync(from.Path, to.Path, ct);
            var report = copier.Tally.ToJson();
            report["source"] = from.ToString();
            report["target"] = to.ToString();
            report["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            context.Reporter.Report(report, r => Console.WriteLine(
                $"copied {r["files"]} file(s), {r["directories"]} director(ies), {r["symlinks"]} symlink(s), {ByteSize.Format(Math.Max(1, (long)r["bytes"]!))} "
                + $"({ByteSize.Format(Math.Max(1, (long)r["sparse_bytes"]!))} left sparse){((long)r["skipped"]! > 0 ? $", skipped {r["skipped"]}" : "")} in {r["seconds"]} s"));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// A filesystem only read from is mounted read-only, so copying out never replays or
    /// rewrites anything on its devices; the same devices on both sides share one read-write mount.
    /// </summary>
    private static async Task<ITree> OpenAsync(FsContext context, FsLocation location, bool readOnly, CancellationToken ct)
    {
        if (location.Devices is { } devices) return new FsTree(await context.MountAsync(devices, readOnly, ct), devices);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("host paths need Linux");
        return new HostTree();
    }
}
