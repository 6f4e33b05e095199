using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>
/// struct fuse_entry_out: the reply to every request that makes the kernel hold a new reference to
/// a node (lookup, create, mkdir, mknod, symlink, link, each readdirplus entry).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseEntryOut
{
    public ulong NodeId;
    public ulong Generation;
    public ulong EntryValid;
    public ulong AttrValid;
    public uint EntryValidNsec;
    public uint AttrValidNsec;
    public FuseAttr Attr;
}
