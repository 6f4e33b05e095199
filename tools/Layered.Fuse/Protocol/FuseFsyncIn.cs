using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_fsync_in, for fsync and fsyncdir: bit 0 of <see cref="FsyncFlags"/> is FUSE_FSYNC_FDATASYNC.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseFsyncIn
{
    public ulong Fh;
    public uint FsyncFlags;
    public uint Padding;
}
