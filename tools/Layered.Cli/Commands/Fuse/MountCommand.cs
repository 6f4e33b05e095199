using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.Cli.Commands.Fs;
using Layered.Cli.Serving;
using Layered.Fs;

namespace Layered.Cli.Commands.Fuse;

/// <summary>
/// <c>layered mount DEVICES... MOUNTPOINT</c>: mounts a filesystem through FUSE and serves it in the
/// foreground. RAID members among the devices are assembled into their sets first.
/// </summary>
internal static class MountCommand
{
    public static Command Create()
    {
        // One argument split by hand: the mount point is the last word, after any number of devices.
        var operands = new Argument<string[]>("operands")
        {
            Description = "DEVICES... MOUNTPOINT: the filesystem's devices (image files, block devices or RAID members, any order), then the mount point",
            Arity = new ArgumentArity(2, DeviceList.MaxDevices * 64 + 1),
        };
        var serving = new FuseFlags(allowOther: true);
        var json = FsCli.Json();
        var command = new Command("mount", "Mount a filesystem through FUSE and serve it until Ctrl-C, SIGTERM or `layered umount`") { operands, json };
        foreach (var option in serving.Options) command.Options.Add(option);
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var words = parse.GetValue(operands)!;
            var specs = DeviceList.Parse(words[..^1]);
            var mountPoint = await MountPointGuard.PrepareAsync(words[^1], context.Reporter.Progress);
            await using var volumes = await AssembledVolumes.AssembleAsync(context.Open(specs), context.Reporter.Progress);
            await using var fs = await FileSystem.MountAsync(volumes.Volumes, new FsMountOptions(), new Output.StderrLogger("fs"), ct);
            var reason = await FuseServer.ServeAsync(fs, mountPoint, serving.Read(parse, context.Reporter.Progress), mount =>
            {
                var report = new JsonObject
                {
                    ["mount_point"] = mountPoint,
                    ["fs_uuid"] = fs.Superblock.FsId.ToString(),
                    ["label"] = fs.Superblock.Label,
                    ["volumes"] = volumes.Volumes.Count,
                    ["raid_sets"] = volumes.Arrays.Count,
                    ["connection"] = mount.ConnectionId,
                    ["transport"] = mount.Session.Transport,
                    ["pid"] = Environment.ProcessId,
                };
                context.Reporter.Report(report, r => Console.WriteLine(
                    $"mounted '{r["label"]}' ({r["fs_uuid"]}) on {mountPoint} ({r["transport"]}); serving until Ctrl-C, `kill {Environment.ProcessId}` or `layered umount {mountPoint}`"));
                Console.Out.Flush();
                return Task.CompletedTask;
            }, ct);
            Output.Reporter.Status(FuseServer.Describe(reason, mountPoint));
            return 0;
        }));
        return command;
    }
}
