using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_access_in: the access(2) mask.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAccessIn
{
    public uint Mask;
    public uint Padding;
}
