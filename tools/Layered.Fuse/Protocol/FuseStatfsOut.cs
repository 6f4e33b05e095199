using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_statfs_out.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseStatfsOut
{
    public FuseKstatfs St;
}
