using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_uring_ent_in_out: the tail of an entry's header buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseUringEntInOut
{
    public const int Size = 32;

    public ulong Flags;

    /// <summary>Set by the kernel on fetch: the request's unique id.</summary>
    public ulong CommitId;

    /// <summary>Bytes in the payload buffer: the request's arguments after the first on fetch, the reply's body on commit.</summary>
    public uint PayloadSz;

    public uint Padding;
    public ulong Reserved;
}
