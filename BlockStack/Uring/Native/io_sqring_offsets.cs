using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_sqring_offsets (40 bytes): byte offsets into the SQ ring mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct io_sqring_offsets
{
    [FieldOffset(0)] public uint head;
    [FieldOffset(4)] public uint tail;
    [FieldOffset(8)] public uint ring_mask;
    [FieldOffset(12)] public uint ring_entries;
    [FieldOffset(16)] public uint flags;
    [FieldOffset(20)] public uint dropped;
    [FieldOffset(24)] public uint array;
    [FieldOffset(28)] public uint resv1;
    [FieldOffset(32)] public ulong user_addr;
}
