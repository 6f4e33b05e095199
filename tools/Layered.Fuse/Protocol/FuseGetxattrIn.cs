using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_getxattr_in, for getxattr (the name follows it) and listxattr: <see cref="Size"/> 0 asks only for the size.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetxattrIn
{
    public uint Size;
    public uint Padding;
}
