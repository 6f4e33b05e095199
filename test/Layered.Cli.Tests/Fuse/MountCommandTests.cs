using System.Diagnostics;
using System.Text.Json.Nodes;
using Layered.Cli.Tests.Fs;
using Layered.Fuse.Mounting;
using Layered.TestKit.Requirements;

namespace Layered.Cli.Tests.Fuse;

/// <summary>`layered mount` and `layered umount` in child processes, over a fresh filesystem image.</summary>
[RequiresFuseMounts]
public sealed class MountCommandTests : IDisposable
{
    private static readonly TimeSpan s_exitLimit = TimeSpan.FromSeconds(60);

    private readonly FsImages _images = new();

    private async Task<(string Image, string MountPoint)> FreshFsAsync()
    {
        var image = _images.Create("fs.img", 128L << 20);
        var made = await CliRunner.RunAsync($"mkfs {image}");
        Assert.True(made.ExitCode == 0, made.Stderr);
        var mountPoint = _images.PathOf("mnt");
        Directory.CreateDirectory(mountPoint);
        return (image, mountPoint);
    }

    [DeviceFact(Timeout = 240_000)]
    public async Task FilesWrittenThroughTheMountSurviveUmountAndRemount()
    {
        var (image, mountPoint) = await FreshFsAsync();
        await using (var first = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint))
        {
            Directory.CreateDirectory(Path.Combine(mountPoint, "dir"));
            await File.WriteAllBytesAsync(Path.Combine(mountPoint, "dir", "blob"), Pattern(3 << 20));
            var unmounted = await CliRunner.RunAsync($"umount --json {mountPoint}");
            Assert.True(unmounted.ExitCode == 0, unmounted.Stderr);
            Assert.True((bool)JsonNode.Parse(unmounted.Stdout)!["unmounted"]!);
            Assert.Equal(0, await first.WaitForExitAsync(s_exitLimit));
            Assert.Contains("was unmounted; stopping", first.Stderr);
        }
        Assert.False(MountTable.IsMounted(mountPoint));
        await AssertCleanAsync(image);

        // The second time through read(2) on /dev/fuse: the same files, whichever transport wrote them.
        await using var second = await ServingCli.StartAsync($"mount --transport dev {image} {mountPoint}", mountPoint);
        Assert.Contains("(/dev/fuse:", second.Stdout);
        Assert.Equal(Pattern(3 << 20), await File.ReadAllBytesAsync(Path.Combine(mountPoint, "dir", "blob")));
    }

    [Fact(Timeout = 60_000)]
    public async Task BadServingOptionsAreRefusedBeforeAnythingIsMounted()
    {
        var (image, mountPoint) = await FreshFsAsync();
        var poll = await CliRunner.RunAsync($"mount --poll-us -5 {image} {mountPoint}");
        Assert.NotEqual(0, poll.ExitCode);
        Assert.Contains("--poll-us must be 0..100000", poll.Stderr);
        var transport = await CliRunner.RunAsync($"mount --transport carrier-pigeon {image} {mountPoint}");
        Assert.NotEqual(0, transport.ExitCode);
        Assert.Contains("carrier-pigeon", transport.Stderr);
        Assert.False(MountTable.IsMounted(mountPoint));
    }

    [DeviceFact(Timeout = 180_000)]
    public async Task SigtermUnmountsAndLeavesTheFilesystemClean()
    {
        var (image, mountPoint) = await FreshFsAsync();
        await using (var serving = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint))
        {
            await File.WriteAllTextAsync(Path.Combine(mountPoint, "note"), "before SIGTERM");
            serving.Signal(ServingCli.SIGTERM);
            Assert.Equal(0, await serving.WaitForExitAsync(s_exitLimit));
            Assert.False(MountTable.IsMounted(mountPoint), $"{mountPoint} is still in /proc/self/mountinfo: {serving.Stderr}");
        }
        await AssertCleanAsync(image);
    }

    [DeviceFact(Timeout = 180_000)]
    public async Task SigkillLeavesNoHungMountAndTheNextMountDetachesTheStaleOne()
    {
        var (image, mountPoint) = await FreshFsAsync();
        await using (var killed = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint))
        {
            await File.WriteAllTextAsync(Path.Combine(mountPoint, "synced"), "kept");
            killed.Signal(ServingCli.SIGKILL);
            await killed.WaitForExitAsync(s_exitLimit);
            // The connection died with the process: an access fails at once instead of hanging.
            var clock = Stopwatch.StartNew();
            var probe = Task.Run(() => Directory.Exists(Path.Combine(mountPoint, "anything")));
            Assert.Same(probe, await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(10))));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        }
        // ServingCli's dispose detached the stale mount; a new mount (journal replay) works.
        Assert.False(MountTable.IsMounted(mountPoint));
        await using var again = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint);
        Assert.True(Directory.Exists(mountPoint));
    }

    [DeviceFact(Timeout = 180_000)]
    public async Task MountOverAStaleMountFromAKilledServerDetachesItFirst()
    {
        var (image, mountPoint) = await FreshFsAsync();
        var killed = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint);
        try
        {
            killed.Signal(ServingCli.SIGKILL);
            await killed.WaitForExitAsync(s_exitLimit);
            Assert.True(MountTable.IsMounted(mountPoint), "the killed server's mount should still be listed");
            await using var again = await ServingCli.StartAsync($"mount {image} {mountPoint}", mountPoint);
            Assert.Contains("detached a stale Layered mount", again.Stdout + again.Stderr);
            await File.WriteAllTextAsync(Path.Combine(mountPoint, "after"), "works");
            Assert.Equal("works", await File.ReadAllTextAsync(Path.Combine(mountPoint, "after")));
        }
        finally
        {
            // Only now: the killed server's cleanup detaches whatever is on the mount point.
            await killed.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task UmountRefusesWhatIsNotALayeredMount()
    {
        var run = await CliRunner.RunAsync($"umount {_images.Folder}");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a mount point", run.Stderr);
    }

    private static async Task AssertCleanAsync(string image)
    {
        var check = await CliRunner.RunAsync($"fsck --json {image}");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.True((bool)JsonNode.Parse(check.Stdout)!["clean"]!, check.Stdout);
    }

    private static byte[] Pattern(int bytes) => [.. Enumerable.Range(0, bytes).Select(i => (byte)(i * 7 + i / 4096))];

    public void Dispose() => _images.Dispose();
}
