using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_params (120 bytes), passed to io_uring_setup and filled in by it.</summary>
[StructLayout(LayoutKind.Explicit, Size = 120)]
internal struct io_uring_params
{
    [FieldOffset(0)] public uint sq_entries;
    [FieldOffset(4)] public uint cq_entries;
    [FieldOffset(8)] public uint flags;
    [FieldOffset(12)] public uint sq_thread_cpu;
    [FieldOffset(16)] public uint sq_thread_idle;
    [FieldOffset(20)] public uint features;
    [FieldOffset(24)] public uint wq_fd;
    // resv[3] at 28..39.
    [FieldOffset(40)] public io_sqring_offsets sq_off;
    [FieldOffset(80)] public io_cqring_offsets cq_off;
}
