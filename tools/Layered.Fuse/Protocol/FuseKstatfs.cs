using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_kstatfs: the statfs numbers, block counts in <see cref="Frsize"/> units.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseKstatfs
{
    public ulong Blocks;
    public ulong Bfree;
    public ulong Bavail;
    public ulong Files;
    public ulong Ffree;
    public uint Bsize;
    public uint Namelen;
    public uint Frsize;
    public uint Padding;
    public uint Spare0;
    public uint Spare1;
    public uint Spare2;
    public uint Spare3;
    public uint Spare4;
    public uint Spare5;
}
