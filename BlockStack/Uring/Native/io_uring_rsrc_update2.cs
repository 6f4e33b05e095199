using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_rsrc_update2 (32 bytes), for IORING_REGISTER_BUFFERS_UPDATE; data points at iovecs.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct io_uring_rsrc_update2
{
    [FieldOffset(0)] public uint offset;
    [FieldOffset(4)] public uint resv;
    [FieldOffset(8)] public ulong data;
    [FieldOffset(16)] public ulong tags;
    [FieldOffset(24)] public uint nr;
    [FieldOffset(28)] public uint resv2;
}
