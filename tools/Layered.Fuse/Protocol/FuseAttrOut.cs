using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_attr_out: the reply to getattr and setattr.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAttrOut
{
    public ulong AttrValid;
    public uint AttrValidNsec;
    public uint Dummy;
    public FuseAttr Attr;
}
