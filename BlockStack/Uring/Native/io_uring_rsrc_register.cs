using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_rsrc_register (32 bytes), for IORING_REGISTER_FILES2 / BUFFERS2.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct io_uring_rsrc_register
{
    [FieldOffset(0)] public uint nr;
    [FieldOffset(4)] public uint flags;
    [FieldOffset(8)] public ulong resv2;
    [FieldOffset(16)] public ulong data;
    [FieldOffset(24)] public ulong tags;
}
