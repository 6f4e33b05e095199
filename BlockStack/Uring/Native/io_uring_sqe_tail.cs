using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>
/// The second 64 bytes of a 128-byte SQE (IORING_SETUP_SQE128). For IORING_OP_URING_CMD they
/// continue the command area that starts at byte 48 of the first half.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal unsafe struct io_uring_sqe_tail
{
    public fixed byte bytes[64];
}
