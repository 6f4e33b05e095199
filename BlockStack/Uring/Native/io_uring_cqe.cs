using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_cqe (16 bytes; the ring is not set up with IORING_SETUP_CQE32).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct io_uring_cqe
{
    [FieldOffset(0)] public ulong user_data;
    [FieldOffset(8)] public int res;
    [FieldOffset(12)] public uint flags;
}
