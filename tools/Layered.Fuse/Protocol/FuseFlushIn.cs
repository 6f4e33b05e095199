using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_flush_in: sent on every close(2) of a file descriptor.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseFlushIn
{
    public ulong Fh;
    public uint Unused;
    public uint Padding;
    public ulong LockOwner;
}
