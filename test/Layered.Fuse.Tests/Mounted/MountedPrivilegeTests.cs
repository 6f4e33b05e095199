using System.Runtime.InteropServices;
using Layered.Fuse.Protocol;
using Layered.Fuse.Tests.Native;
using Layered.TestKit.Processes;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>
/// Set-id bits and file capabilities go on write, truncate and chown as on a local filesystem.
/// The host takes this over from the kernel (FUSE_HANDLE_KILLPRIV_V2), which is what spares each
/// write a security.capability lookup; these check that nothing a local filesystem would take
/// away survives. Unprivileged callers run as nobody through setpriv.
/// </summary>
[RequiresFuseMounts]
[UnprivilegedShell.Required]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public abstract class MountedPrivilegeTests(MountedTransport transport)
{
    private const UnixFileMode SetIds = UnixFileMode.SetUser | UnixFileMode.SetGroup;
    private const UnixFileMode All = (UnixFileMode)0x1FF;

    [DeviceFact(Timeout = 60000)]
    public async Task AnUnprivilegedWriteDropsSetuidAndSetgidOnlyWhereTheGroupMayExecute()
    {
        await using var mounted = await MountedFs.StartAsync(transport, allowOther: true);
        var executable = NewFile(mounted, "executable", SetIds | All);
        var locking = NewFile(mounted, "locking", SetIds | (UnixFileMode)0x1F7); // rwsrwSrwx: no group execute

        await AsNobodyAsync($"printf x >> '{executable}' && printf x >> '{locking}'");

        Assert.Equal(All, File.GetUnixFileMode(executable));
        Assert.Equal(UnixFileMode.SetGroup | (UnixFileMode)0x1F7, File.GetUnixFileMode(locking));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task ARootWriteKeepsSetIdBits()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = NewFile(mounted, "f", SetIds | (UnixFileMode)0x1ED);
        await File.AppendAllTextAsync(path, "root has CAP_FSETID");
        Assert.Equal(SetIds | (UnixFileMode)0x1ED, File.GetUnixFileMode(path));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task UnprivilegedTruncatesDropSetIdBits()
    {
        await using var mounted = await MountedFs.StartAsync(transport, allowOther: true);
        var truncated = NewFile(mounted, "truncated", SetIds | All);
        var reopened = NewFile(mounted, "reopened", SetIds | All);

        // truncate(2) is a setattr of the size; '>' is an O_TRUNC open.
        await AsNobodyAsync($"truncate -s 1 '{truncated}' && : > '{reopened}'");

        Assert.Equal(All, File.GetUnixFileMode(truncated));
        Assert.Equal(All, File.GetUnixFileMode(reopened));
        Assert.Equal(1, new FileInfo(truncated).Length);
        Assert.Equal(0, new FileInfo(reopened).Length);
    }

    [DeviceFact(Timeout = 60000)]
    public async Task AChownDropsSetIdBitsEvenForRoot()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = NewFile(mounted, "f", SetIds | (UnixFileMode)0x1ED);
        Assert.Equal(0, TestInterop.Chown(path, 1234, 1234));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(path));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task FileCapabilitiesGoWithAWriteEvenAfterEarlierWritesFoundNone()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = NewFile(mounted, "f", (UnixFileMode)0x1ED);
        // A write that finds nothing to take away lets the kernel stop looking for this inode
        // (setting the xattr may make it look again: either way the capability must go).
        await File.AppendAllTextAsync(path, "first");
        // struct vfs_cap_data, revision 2: CAP_NET_BIND_SERVICE permitted.
        var capability = new byte[20];
        BitConverter.TryWriteBytes(capability.AsSpan(0), 0x0200_0000);
        BitConverter.TryWriteBytes(capability.AsSpan(4), 1 << 10);
        Assert.True(TestInterop.SetXattr(path, "security.capability", capability, (nuint)capability.Length, 0) == 0, $"setxattr: errno {Marshal.GetLastPInvokeError()}");

        await File.AppendAllTextAsync(path, "second");

        Assert.True(TestInterop.GetXattr(path, "security.capability", null, 0) < 0, "security.capability survived a write");
        Assert.Equal(61, Marshal.GetLastPInvokeError()); // ENODATA
    }

    [DeviceFact(Timeout = 60000)]
    public async Task WritesDoNotAskForCapabilitiesEachTime()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = NewFile(mounted, "f", (UnixFileMode)0x1A4);
        var before = mounted.Mount.Session.Requests(FuseOpcode.FUSE_GETXATTR);
        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0))
            for (var i = 0; i < 50; i++) await stream.WriteAsync(new byte[512]);
        Assert.True(mounted.Mount.Session.Requests(FuseOpcode.FUSE_WRITE) >= 50, "the writes did not reach the host one by one");
        Assert.True(mounted.Mount.Session.Requests(FuseOpcode.FUSE_GETXATTR) - before <= 1, $"{mounted.Mount.Session.Requests(FuseOpcode.FUSE_GETXATTR) - before} GETXATTRs for 50 writes");
    }

    private static string NewFile(MountedFs mounted, string name, UnixFileMode mode)
    {
        var path = mounted[name];
        File.WriteAllText(path, "content");
        File.SetUnixFileMode(path, mode);
        Assert.Equal(mode, File.GetUnixFileMode(path));
        return path;
    }

    private static async Task AsNobodyAsync(string command)
    {
        var (exitCode, output) = await UnprivilegedShell.RunAsync(command);
        Assert.True(exitCode == 0, $"as nobody, '{command}' failed ({exitCode}): {output}");
    }
}
