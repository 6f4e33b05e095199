using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_setxattr_in in its 8-byte form (we do not take FUSE_SETXATTR_EXT): the name and then <see cref="Size"/> value bytes follow it.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseSetxattrIn
{
    public uint Size;
    public uint Flags;
}
