using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_out_header: every reply starts with it; <see cref="Error"/> is 0 or a negative errno.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOutHeader
{
    public const int Size = 16;

    public uint Len;
    public int Error;
    public ulong Unique;
}
