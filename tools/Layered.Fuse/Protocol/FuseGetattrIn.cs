using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_getattr_in: <see cref="Fh"/> is meaningful only with FUSE_GETATTR_FH in <see cref="GetattrFlags"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetattrIn
{
    public uint GetattrFlags;
    public uint Dummy;
    public ulong Fh;
}
