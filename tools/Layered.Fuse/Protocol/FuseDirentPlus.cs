using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>
/// struct fuse_direntplus: a readdirplus record, an entry reply followed by a dirent (and its name,
/// padded to 8 bytes). A zero <see cref="FuseEntryOut.NodeId"/> tells the kernel to make no
/// dentry and take no reference, which is what "." and ".." carry.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseDirentPlus
{
    public const int HeaderSize = 128 + FuseDirent.HeaderSize;

    public FuseEntryOut EntryOut;
    public FuseDirent Dirent;

    public static int RecordSize(int nameBytes) => FuseDirent.Align8(HeaderSize + nameBytes);
}
