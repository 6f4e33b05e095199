using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_getevents_arg (24 bytes), passed to io_uring_enter with IORING_ENTER_EXT_ARG.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct io_uring_getevents_arg
{
    [FieldOffset(0)] public ulong sigmask;
    [FieldOffset(8)] public uint sigmask_sz;
    [FieldOffset(12)] public uint pad;
    /// <summary>Pointer to a __kernel_timespec.</summary>
    [FieldOffset(16)] public ulong ts;
}
