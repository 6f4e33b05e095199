using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

/// <summary>One errno each, as a Linux filesystem gives it.</summary>
public sealed class ErrnoTests
{
    private const uint FileMode = 0x1A4;
    private const uint DirMode = 0x1ED;
    private const ulong Root = FileSystem.RootIno;

    private static async Task<Errno> ErrnoOf(Func<Task> action) => (await Assert.ThrowsAsync<FsException>(action)).Errno;

    [Fact(Timeout = 30_000)]
    public async Task RemovingOrRenamingAMissingNameFailsWithEnoent()
    {
        var (fs, _) = await TestFs.CreateAsync();
        Assert.Null(await fs.LookupAsync(Root, "nothing"));
        Assert.Equal(Errno.ENOENT, await ErrnoOf(() => fs.UnlinkAsync(Root, "nothing")));
        Assert.Equal(Errno.ENOENT, await ErrnoOf(() => fs.RmdirAsync(Root, "nothing")));
        Assert.Equal(Errno.ENOENT, await ErrnoOf(() => fs.RenameAsync(Root, "nothing", Root, "else")));
        Assert.Equal(Errno.ENOENT, await ErrnoOf(() => fs.ResolveAsync("/nothing/deeper")));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task MakingAnExistingNameFailsWithEexistForEveryKind()
    {
        var (fs, _) = await TestFs.CreateAsync();
        await fs.MkdirAsync(Root, "taken", DirMode, 0, 0);
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.CreateAsync(Root, "taken", FileMode, 0, 0)));
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.MkdirAsync(Root, "taken", DirMode, 0, 0)));
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.SymlinkAsync(Root, "taken", "x", 0, 0)));
        var file = await fs.CreateAsync(Root, "file", FileMode, 0, 0);
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.LinkAsync(file.Ino, Root, "taken")));
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.RenameAsync(Root, "file", Root, "taken", RenameFlags.NoReplace)));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task RemovingANonEmptyDirectoryFailsWithEnotempty()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var dir = await fs.MkdirAsync(Root, "full", DirMode, 0, 0);
        await fs.CreateAsync(dir.Ino, "child", FileMode, 0, 0);
        await fs.MkdirAsync(Root, "other", DirMode, 0, 0);
        await fs.CreateAsync((await fs.LookupAsync(Root, "other"))!.Value.Ino, "x", FileMode, 0, 0);
        Assert.Equal(Errno.ENOTEMPTY, await ErrnoOf(() => fs.RmdirAsync(Root, "full")));
        Assert.Equal(Errno.ENOTEMPTY, await ErrnoOf(() => fs.RenameAsync(Root, "full", Root, "other")));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task UsingAFileAsADirectoryFailsWithEnotdir()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(Root, "plain", FileMode, 0, 0);
        await fs.MkdirAsync(Root, "dir", DirMode, 0, 0);
        Assert.Equal(Errno.ENOTDIR, await ErrnoOf(() => fs.CreateAsync(file.Ino, "x", FileMode, 0, 0)));
        Assert.Equal(Errno.ENOTDIR, await ErrnoOf(() => fs.ReadDirAsync(file.Ino, 0, 10)));
        Assert.Equal(Errno.ENOTDIR, await ErrnoOf(() => fs.LookupAsync(file.Ino, "x")));
        Assert.Equal(Errno.ENOTDIR, await ErrnoOf(() => fs.RmdirAsync(Root, "plain")));
        Assert.Equal(Errno.ENOTDIR, await ErrnoOf(() => fs.RenameAsync(Root, "dir", Root, "plain")));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task UsingADirectoryAsAFileFailsWithEisdir()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var dir = await fs.MkdirAsync(Root, "dir", DirMode, 0, 0);
        await fs.CreateAsync(Root, "file", FileMode, 0, 0);
        Assert.Equal(Errno.EISDIR, await ErrnoOf(() => fs.ReadAsync(dir.Ino, 0, new byte[10])));
        Assert.Equal(Errno.EISDIR, await ErrnoOf(() => fs.WriteAsync(dir.Ino, 0, new byte[10])));
        Assert.Equal(Errno.EISDIR, await ErrnoOf(() => fs.SetAttrAsync(dir.Ino, new SetAttributes { Size = 0 })));
        Assert.Equal(Errno.EISDIR, await ErrnoOf(() => fs.UnlinkAsync(Root, "dir")));
        Assert.Equal(Errno.EISDIR, await ErrnoOf(() => fs.RenameAsync(Root, "file", Root, "dir")));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task A256ByteNameFailsWithEnametoolongAndA255ByteNameWorks()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var longest = new string('n', 255);
        var tooLong = new string('n', 256);
        await fs.CreateAsync(Root, longest, FileMode, 0, 0);
        Assert.NotNull(await fs.LookupAsync(Root, longest));
        Assert.Equal(Errno.ENAMETOOLONG, await ErrnoOf(() => fs.CreateAsync(Root, tooLong, FileMode, 0, 0)));
        Assert.Equal(Errno.ENAMETOOLONG, await ErrnoOf(() => fs.MkdirAsync(Root, tooLong, DirMode, 0, 0)));
        Assert.Equal(Errno.ENAMETOOLONG, await ErrnoOf(() => fs.RenameAsync(Root, longest, Root, tooLong)));
        Assert.Equal(Errno.ENAMETOOLONG, await ErrnoOf(() => fs.LookupAsync(Root, tooLong)));
        // Two-byte characters: 128 of them are 256 bytes.
        Assert.Equal(Errno.ENAMETOOLONG, await ErrnoOf(() => fs.CreateAsync(Root, new string('é', 128), FileMode, 0, 0)));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task GrowingAFilePastTheLargestSizeFailsWithEfbig()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(Root, "big", FileMode, 0, 0);
        Assert.Equal(Errno.EFBIG, await ErrnoOf(() => fs.WriteAsync(file.Ino, FileSystem.MaxFileBytes - 1, new byte[2])));
        Assert.Equal(Errno.EFBIG, await ErrnoOf(() => fs.SetAttrAsync(file.Ino, new SetAttributes { Size = FileSystem.MaxFileBytes + 1 })));
        Assert.Equal(Errno.EFBIG, await ErrnoOf(() => fs.FallocateAsync(file.Ino, FallocateMode.Default, FileSystem.MaxFileBytes - 4096, 8192)));
        Assert.Equal(0, (await fs.GetAttrAsync(file.Ino)).Size);
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task InvalidArgumentsFailWithEinval()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var a = await fs.MkdirAsync(Root, "a", DirMode, 0, 0);
        var b = await fs.MkdirAsync(a.Ino, "b", DirMode, 0, 0);
        var file = await fs.CreateAsync(Root, "file", FileMode, 0, 0);
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.RenameAsync(Root, "a", b.Ino, "a2")));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.RenameAsync(Root, "a", a.Ino, "self")));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.RenameAsync(Root, "file", Root, "x", RenameFlags.NoReplace | RenameFlags.Exchange)));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.ReadLinkAsync(file.Ino)));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.FallocateAsync(file.Ino, FallocateMode.Default, 0, 0)));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.ReadAsync(file.Ino, -1, new byte[1])));
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.CreateAsync(Root, "a/b", FileMode, 0, 0)));
        await fs.DisposeAsync();
    }

    /// <summary>Linux checks "source is an ancestor of the target's parent" before the type of the target.</summary>
    [Fact(Timeout = 30_000)]
    public async Task RenamingADirectoryOntoAFileBeneathItFailsWithEinval()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var a = await fs.MkdirAsync(Root, "a", DirMode, 0, 0);
        var b = await fs.MkdirAsync(a.Ino, "b", DirMode, 0, 0);
        await fs.CreateAsync(b.Ino, "file", FileMode, 0, 0);
        Assert.Equal(Errno.EINVAL, await ErrnoOf(() => fs.RenameAsync(Root, "a", b.Ino, "file")));
        await fs.DisposeAsync();
    }

    /// <summary>Linux: a target that is an ancestor of the source gives ENOTEMPTY (the "trap" check), whatever the source is.</summary>
    [Fact(Timeout = 30_000)]
    public async Task RenamingAFileOntoItsOwnAncestorDirectoryFailsWithEnotempty()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var a = await fs.MkdirAsync(Root, "a", DirMode, 0, 0);
        var b = await fs.MkdirAsync(a.Ino, "b", DirMode, 0, 0);
        await fs.CreateAsync(b.Ino, "file", FileMode, 0, 0);
        Assert.Equal(Errno.ENOTEMPTY, await ErrnoOf(() => fs.RenameAsync(b.Ino, "file", Root, "a")));
        await fs.DisposeAsync();
    }

    /// <summary>Linux's vfs_fallocate refuses punch-hole with zero-range as an unsupported mode.</summary>
    [Fact(Timeout = 30_000)]
    public async Task FallocateWithPunchHoleAndZeroRangeTogetherFailsWithEopnotsupp()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(Root, "file", FileMode, 0, 0);
        Assert.Equal(Errno.EOPNOTSUPP, await ErrnoOf(() => fs.FallocateAsync(file.Ino, FallocateMode.PunchHole | FallocateMode.ZeroRange | FallocateMode.KeepSize, 0, 4096)));
        Assert.Equal(Errno.EOPNOTSUPP, await ErrnoOf(() => fs.FallocateAsync(file.Ino, FallocateMode.PunchHole, 0, 4096)));
        await fs.DisposeAsync();
    }

    /// <summary>Linux resolves the new name (EEXIST) before vfs_link refuses a directory (EPERM).</summary>
    [Fact(Timeout = 30_000)]
    public async Task LinkingADirectoryToATakenNameFailsWithEexistAndToAFreeNameWithEperm()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var dir = await fs.MkdirAsync(Root, "dir", DirMode, 0, 0);
        await fs.CreateAsync(Root, "taken", FileMode, 0, 0);
        Assert.Equal(Errno.EPERM, await ErrnoOf(() => fs.LinkAsync(dir.Ino, Root, "free")));
        Assert.Equal(Errno.EEXIST, await ErrnoOf(() => fs.LinkAsync(dir.Ino, Root, "taken")));
        await fs.DisposeAsync();
    }
}
