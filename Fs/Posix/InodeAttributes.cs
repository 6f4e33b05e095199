namespace Layered.Fs.Posix;

/// <summary>What getattr reports for one inode. Times are Unix nanoseconds.</summary>
public readonly record struct InodeAttributes(
    ulong Ino,
    ulong Generation,
    uint Mode,
    uint Uid,
    uint Gid,
    uint Links,
    long Size,
    long Blocks512,
    long AccessNs,
    long ModifyNs,
    long ChangeNs,
    long BirthNs,
    ulong Rdev,
    int BlockSize)
{
    public FileKind Kind => UnixMode.KindOf(Mode);
    public bool IsDirectory => Kind == FileKind.Directory;
    public bool IsRegular => Kind == FileKind.Regular;
}
