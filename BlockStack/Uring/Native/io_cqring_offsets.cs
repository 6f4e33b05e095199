using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_cqring_offsets (40 bytes): byte offsets into the CQ ring mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct io_cqring_offsets
{
    [FieldOffset(0)] public uint head;
    [FieldOffset(4)] public uint tail;
    [FieldOffset(8)] public uint ring_mask;
    [FieldOffset(12)] public uint ring_entries;
    [FieldOffset(16)] public uint overflow;
    [FieldOffset(20)] public uint cqes;
    [FieldOffset(24)] public uint flags;
    [FieldOffset(28)] public uint resv1;
    [FieldOffset(32)] public ulong user_addr;
}
