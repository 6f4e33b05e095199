using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>struct fuse_write_out: the bytes written (also the reply to copy_file_range).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseWriteOut
{
    public uint Size;
    public uint Padding;
}
