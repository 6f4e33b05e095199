using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>
/// struct fuse_notify_inval_inode_out, the body of FUSE_NOTIFY_INVAL_INODE: the kernel drops the
/// node's cached attributes and, when <see cref="Off"/> is not negative, its cached pages from
/// there for <see cref="Len"/> bytes (to the end when <see cref="Len"/> is not positive).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseNotifyInvalInodeOut
{
    /// <summary>The notify code a FUSE_NOTIFY_INVAL_INODE message carries in fuse_out_header.error (its unique is 0).</summary>
    public const int Code = 2;

    public const int Size = 24;

    public ulong Ino;
    public long Off;
    public long Len;
}
