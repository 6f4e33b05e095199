using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

/// <summary>What a write, truncate or chown takes away when the caller asks (a FUSE host with FUSE_HANDLE_KILLPRIV_V2).</summary>
public sealed class PrivilegeDropTests
{
    private const uint SetIds = UnixMode.S_ISUID | UnixMode.S_ISGID;

    [Theory]
    [InlineData(0x1ED, 0x1ED)] // rwxr-xr-x: setgid goes with setuid
    [InlineData(0x1E5, 0x1E5 | UnixMode.S_ISGID)] // rwxr--r-x: no group execute, so setgid stays
    public async Task AWriteThatDropsSetIdClearsSetuidAndSetgidOnlyWithGroupExecute(uint permissions, uint expected)
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", SetIds | permissions, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[4096]);
        Assert.Equal(SetIds | permissions, (await fs.GetAttrAsync(file.Ino)).Mode & UnixMode.PermissionBits);

        // Both write paths: allocating (above) and the whole-block overwrite fast path (here).
        await fs.WriteAsync(file.Ino, 0, new byte[4096], drop: PrivilegeDrop.SetId);
        Assert.Equal(expected, (await fs.GetAttrAsync(file.Ino)).Mode & UnixMode.PermissionBits);
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task CapabilitiesGoOnlyWhenAskedAndTheChangeMovesCtime()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1ED, 0, 0);
        await fs.SetXattrAsync(file.Ino, FileSystem.CapabilityXattr, new byte[20]);
        await fs.SetXattrAsync(file.Ino, "user.kept", new byte[] { 1 });

        await fs.WriteAsync(file.Ino, 0, new byte[10]);
        Assert.NotNull(await fs.GetXattrAsync(file.Ino, FileSystem.CapabilityXattr));
        var before = (await fs.GetAttrAsync(file.Ino)).ChangeNs;
        await Task.Delay(2);

        await fs.WriteAsync(file.Ino, 0, new byte[10], drop: PrivilegeDrop.Capabilities);

        var error = await Assert.ThrowsAsync<FsException>(() => fs.GetXattrAsync(file.Ino, FileSystem.CapabilityXattr));
        Assert.Equal(Errno.ENODATA, error.Errno);
        Assert.Equal(new byte[] { 1 }, await fs.GetXattrAsync(file.Ino, "user.kept"));
        Assert.True((await fs.GetAttrAsync(file.Ino)).ChangeNs > before);
        Assert.Equal(0x1ED, (int)((await fs.GetAttrAsync(file.Ino)).Mode & UnixMode.PermissionBits));
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task ATruncateOrChownThatDropsTakesBothButLeavesDirectoriesAlone()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", SetIds | 0x1ED, 0, 0);
        await fs.SetXattrAsync(file.Ino, FileSystem.CapabilityXattr, new byte[20]);
        var dir = await fs.MkdirAsync(FileSystem.RootIno, "d", SetIds | 0x1ED, 0, 0);

        var attributes = await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 0, Drop = PrivilegeDrop.SetId | PrivilegeDrop.Capabilities });
        var directory = await fs.SetAttrAsync(dir.Ino, new SetAttributes { Uid = 7, Drop = PrivilegeDrop.SetId });

        Assert.Equal(0x1EDu, attributes.Mode & UnixMode.PermissionBits);
        Assert.Equal(Errno.ENODATA, (await Assert.ThrowsAsync<FsException>(() => fs.GetXattrAsync(file.Ino, FileSystem.CapabilityXattr))).Errno);
        Assert.Equal(SetIds | 0x1ED, directory.Mode & UnixMode.PermissionBits);
        await fs.DisposeAsync();
    }
}
