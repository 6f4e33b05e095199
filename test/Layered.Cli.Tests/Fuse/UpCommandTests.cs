using System.Text.Json.Nodes;
using Layered.Fuse.Mounting;
using Layered.TestKit.Requirements;

namespace Layered.Cli.Tests.Fuse;

/// <summary>`layered up` in a temporary folder, as a newcomer runs it: no options but a small member size.</summary>
[RequiresFuseMounts]
public sealed class UpCommandTests : IDisposable
{
    private static readonly TimeSpan s_exitLimit = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("layered-cli-up-").FullName;

    private string MountPoint => Path.Combine(_folder, ".layered", "mnt");

    private string Pool => Path.Combine(_folder, ".layered", "pool");

    [DeviceFact(Timeout = 300_000)]
    public async Task FirstRunCreatesAndMountsTheSecondReassemblesWithTheFileStillThere()
    {
        await using (var first = await ServingCli.StartAsync("up --size 128M", ".layered/mnt", _folder))
        {
            Assert.Contains("creating a pool", first.Stdout);
            Assert.Contains("Layered is up (new pool)", first.Stdout);
            Assert.Equal(4, Directory.GetFiles(Pool, "member*.img").Length);
            Assert.True(File.Exists(Path.Combine(Pool, "pool.json")));
            await File.WriteAllTextAsync(Path.Combine(MountPoint, "hello.txt"), "still here");
            first.Signal(ServingCli.SIGINT);
            Assert.Equal(0, await first.WaitForExitAsync(s_exitLimit));
            Assert.False(MountTable.IsMounted(MountPoint), first.Stderr);
        }

        await using var second = await ServingCli.StartAsync("up --json", ".layered/mnt", _folder);
        var status = JsonNode.Parse(second.Stdout)!.AsObject();
        Assert.False((bool)status["created"]!);
        Assert.Equal("raid5", (string)status["raid"]!["level"]!);
        Assert.False((bool)status["raid"]!["degraded"]!);
        Assert.Equal(MountPoint, (string)status["mount_point"]!);
        // The default transport: io_uring wherever the kernel has it (the CLI turns its switch on).
        var expected = FuseIoUringParameter.Read() is null ? "/dev/fuse" : "io_uring";
        Assert.StartsWith(expected, (string)status["transport"]!);
        Assert.Contains("reassembling the pool", second.Stderr);
        Assert.Equal("still here", await File.ReadAllTextAsync(Path.Combine(MountPoint, "hello.txt")));
        second.Signal(ServingCli.SIGTERM);
        Assert.Equal(0, await second.WaitForExitAsync(s_exitLimit));
        Assert.False(MountTable.IsMounted(MountPoint));
    }

    [DeviceFact(Timeout = 300_000)]
    public async Task ASecondUpOnTheSamePoolIsRefusedWhileTheFirstServes()
    {
        await using var first = await ServingCli.StartAsync("up --size 128M", ".layered/mnt", _folder);
        var second = await CliRunner.RunAsync($"up --dir {Pool} --mountpoint {Path.Combine(_folder, "other")}");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("in use by another layered process", second.Stderr);
        Assert.True(MountTable.IsMounted(MountPoint));
    }

    public void Dispose()
    {
        if (!MountTable.IsMounted(MountPoint)) Directory.Delete(_folder, recursive: true);
    }
}
