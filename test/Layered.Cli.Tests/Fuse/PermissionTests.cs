using Layered.Cli.Tests.Fs;
using Layered.TestKit.Processes;
using Layered.TestKit.Requirements;

namespace Layered.Cli.Tests.Fuse;

/// <summary>
/// Permissions through the mount for a user who is not root, checked by the kernel
/// (default_permissions) against the modes our filesystem reports. --allow-other lets the user in at all.
/// </summary>
[RequiresFuseMounts]
[UnprivilegedShell.Required]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PermissionTests : IDisposable
{
    private readonly FsImages _images = new();

    [DeviceFact(Timeout = 180_000)]
    public async Task NobodyIsRefusedRootsPrivateFileAndDirectoryButWritesAnOpenOne()
    {
        var image = _images.Create("fs.img", 128L << 20);
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {image}")).ExitCode);
        var mountPoint = _images.PathOf("mnt");
        Directory.CreateDirectory(mountPoint);
        await using var serving = await ServingCli.StartAsync($"mount --allow-other {image} {mountPoint}", mountPoint);
        string At(string name) => Path.Combine(mountPoint, name);

        await File.WriteAllTextAsync(At("secret"), "root only");
        File.SetUnixFileMode(At("secret"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(At("closed"));
        File.SetUnixFileMode(At("closed"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(At("open"));
        File.SetUnixFileMode(At("open"), (UnixFileMode)0b111_111_111);

        var read = await UnprivilegedShell.RunAsync($"cat '{At("secret")}'");
        Assert.NotEqual(0, read.ExitCode);
        Assert.Contains("Permission denied", read.Output);

        var create = await UnprivilegedShell.RunAsync($"echo x > '{At("closed/mine")}'");
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("Permission denied", create.Output);
        Assert.False(File.Exists(At("closed/mine")));

        var allowed = await UnprivilegedShell.RunAsync($"echo hello > '{At("open/mine")}' && cat '{At("open/mine")}'");
        Assert.True(allowed.ExitCode == 0, allowed.Output);
        Assert.Equal("hello", allowed.Output.Trim());
        Assert.Equal(UnprivilegedShell.Nobody, GetOwner(At("open/mine")));
    }

    private static int GetOwner(string path)
    {
        // stat -c %u: .NET has no public uid accessor.
        var start = new System.Diagnostics.ProcessStartInfo("stat") { ArgumentList = { "-c", "%u", path }, RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _images.Dispose();
}
