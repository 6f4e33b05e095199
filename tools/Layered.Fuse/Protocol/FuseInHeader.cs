using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_in_header: every request starts with it; <see cref="Len"/> counts the whole request.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseInHeader
{
    public const int Size = 40;

    public uint Len;
    public FuseOpcode Opcode;
    public ulong Unique;
    public ulong NodeId;
    public uint Uid;
    public uint Gid;
    public uint Pid;
    /// <summary>Length of request extensions in 8-byte units; only present when extensions were negotiated, which we never do.</summary>
    public ushort TotalExtlen;
    public ushort Padding;
}
