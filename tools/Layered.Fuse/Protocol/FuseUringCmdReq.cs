using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_uring_cmd_req: the start of the SQE's command area.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseUringCmdReq
{
    public ulong Flags;

    /// <summary>On commit: the unique id of the request being answered.</summary>
    public ulong CommitId;

    /// <summary>The queue (CPU) the entry belongs to.</summary>
    public ushort Qid;

    public fixed byte Padding[6];
}
