using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

public sealed class AttributeTests
{
    [Fact(Timeout = 30_000)]
    public async Task NanosecondTimesSetBySetattrReadBackExactlyAlsoAfterRemount()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "t", 0x1A4, 0, 0);
        const long atime = 1_234_567_890_123_456_789;
        const long mtime = 987_654_321_987_654_321;
        var set = await fs.SetAttrAsync(file.Ino, new SetAttributes { AccessNs = atime, ModifyNs = mtime, Mode = 0x180, Uid = 1001, Gid = 1002 });
        Assert.Equal((atime, mtime), (set.AccessNs, set.ModifyNs));
        var got = await fs.GetAttrAsync(file.Ino);
        Assert.Equal((atime, mtime, 0x180u, 1001u, 1002u), (got.AccessNs, got.ModifyNs, got.Mode & UnixMode.PermissionBits, got.Uid, got.Gid));
        Assert.Equal(FileKind.Regular, got.Kind);
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var after = await again.GetAttrAsync(file.Ino);
        Assert.Equal((atime, mtime), (after.AccessNs, after.ModifyNs));
    }
}
