using System.CommandLine;
using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Cli.Commands.Fs;
using Layered.Cli.Output;
using Layered.Cli.Pool;
using Layered.Cli.Serving;
using Layered.Fs;

namespace Layered.Cli.Commands.Fuse;

/// <summary>
/// <c>layered up</c>: the main job. The first run builds a pool (raid5 over four sparse images, a
/// filesystem on it); every run assembles the pool, mounts it through FUSE and serves it in the
/// foreground until Ctrl-C, SIGTERM or <c>layered umount</c>.
/// </summary>
internal static class UpCommand
{
    private const long MinMemberBytes = 64L << 20;

    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "the pool's folder", DefaultValueFactory = _ => PoolLayout.DefaultFolder };
        var mountPoint = new Option<string>("--mountpoint") { Description = "where to mount it", DefaultValueFactory = _ => PoolLayout.DefaultMountPoint };
        var size = new Option<string>("--size") { Description = "size of each of the four member images when the pool is created (sparse)", DefaultValueFactory = _ => "1G" };
        var serving = new FuseFlags(allowOther: true);
        var json = FsCli.Json();
        var command = new Command("up", "Create (first run) or reassemble the local pool, mount it through FUSE and serve it until Ctrl-C") { dir, mountPoint, size, json };
        foreach (var option in serving.Options) command.Options.Add(option);
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var memberBytes = ByteSize.Parse(parse.GetValue(size)!);
            if (memberBytes < MinMemberBytes || memberBytes % 4096 != 0) throw new FormatException($"--size must be a multiple of 4k and at least {ByteSize.Format(MinMemberBytes)}");
            var layout = new PoolLayout(parse.GetValue(dir)!);
            var progress = context.Reporter.Progress;
            using var poolLock = layout.Lock();
            var created = !layout.IsComplete;
            IReadOnlyList<IBlockDevice> members;
            PoolManifest manifest;
            if (created) (manifest, members) = await PoolBuilder.CreateAsync(layout, memberBytes, context, ct);
            else
            {
                manifest = PoolManifest.Read(layout.ManifestPath);
                // Every image in the folder, in whatever order the directory lists them: assembly sorts them by their superblocks.
                members = context.Open([.. Directory.EnumerateFiles(layout.Folder, "*.img")]);
                progress($"reassembling the pool in {layout.Folder} from {members.Count} image(s)");
            }
            var target = await MountPointGuard.PrepareAsync(parse.GetValue(mountPoint)!, progress);
            await using var volumes = await AssembledVolumes.AssembleAsync(members, progress);
            var array = volumes.Arrays.SingleOrDefault(a => a.Store.Current.ArrayId == manifest.ArrayId)
                ?? throw new InvalidOperationException($"the images in {layout.Folder} do not assemble into the pool's set {manifest.ArrayId}");
            await using var fs = await FileSystem.MountAsync([array.Device], new FsMountOptions(), new StderrLogger("fs"), ct);
            if (fs.Superblock.FsId != manifest.FsId) progress($"warning: the set holds filesystem {fs.Superblock.FsId}, but pool.json names {manifest.FsId}");
            progress($"mounting on {target}");
            var reason = await FuseServer.ServeAsync(fs, target, serving.Read(parse, progress), async mount =>
            {
                var status = await PoolStatus.DescribeAsync(layout, array, fs, target, created);
                status["transport"] = mount.Session.Transport;
                context.Reporter.Report(status, PoolStatus.PrintHuman);
                Console.Out.Flush();
            }, ct);
            Reporter.Status(FuseServer.Describe(reason, target));
            return 0;
        }));
        return command;
    }
}
