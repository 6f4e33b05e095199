using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct io_uring_sqe (64 bytes). Unions are flattened to the member this ring uses.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct io_uring_sqe
{
    [FieldOffset(0)] public byte opcode;
    [FieldOffset(1)] public byte flags;
    [FieldOffset(2)] public ushort ioprio;
    [FieldOffset(4)] public int fd;
    [FieldOffset(8)] public ulong off;
    [FieldOffset(16)] public ulong addr;
    [FieldOffset(24)] public uint len;
    /// <summary>Union of rw_flags, fsync_flags, cancel_flags, ...</summary>
    [FieldOffset(28)] public uint op_flags;
    [FieldOffset(32)] public ulong user_data;
    [FieldOffset(40)] public ushort buf_index;
    [FieldOffset(42)] public ushort personality;
    [FieldOffset(44)] public uint file_index;
    [FieldOffset(48)] public ulong addr3;
    [FieldOffset(56)] public ulong pad2;
}
