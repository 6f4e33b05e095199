using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>
/// struct fuse_init_in. Kernels before 7.36 send only the first 16 bytes, so the parser takes
/// <see cref="MinSize"/> and zero-fills the rest.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseInitIn
{
    public const int MinSize = 16;

    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public FuseInitFlags Flags;
    public uint Flags2;
    public fixed uint Unused[11];
}
