using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_rsrc_update (16 bytes), for IORING_REGISTER_FILES_UPDATE; data points at __s32 fds.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct io_uring_rsrc_update
{
    [FieldOffset(0)] public uint offset;
    [FieldOffset(4)] public uint resv;
    [FieldOffset(8)] public ulong data;
}
